/** Test helpers for the chip panel of the page: run a job by its button, read the messages. */
import type { Page } from 'playwright-core';

/** Clicks a job's button and waits until the page says the job ended; returns how. */
export async function runJob(page: Page, action: string, timeoutMs = 180_000): Promise<'done' | 'failed'> {
  await page.click(`[data-action="${action}"]`);
  return jobEnd(page, action, timeoutMs);
}

export async function jobEnd(page: Page, name: string, timeoutMs = 180_000): Promise<'done' | 'failed'> {
  const handle = await page.waitForSelector(`#device[data-state="done-${name}"], #device[data-state="failed-${name}"]`, { timeout: timeoutMs });
  return (await handle.getAttribute('data-state'))!.startsWith('done') ? 'done' : 'failed';
}

export function messages(page: Page): Promise<string[]> {
  return page.$$eval('[data-area="messages"] li', (items) => items.map((li) => li.textContent!));
}

export async function lastMessage(page: Page): Promise<string> {
  return (await messages(page)).at(-1) ?? '';
}

/** Picks the image to write and waits until the page has read it. */
export async function chooseImage(page: Page, path: string, name: string): Promise<void> {
  await page.setInputFiles('[data-input="image"]', path);
  await page.waitForFunction((file) => document.querySelector('[data-status="image"]')?.textContent?.startsWith(file), name);
}

/** Chooses the (bridged) serial port. */
export async function choosePort(page: Page): Promise<void> {
  await page.click('[data-action="port"]');
  await page.waitForSelector('#device[data-port="chosen"]');
}
