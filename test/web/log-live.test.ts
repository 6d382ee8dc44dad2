/**
 * The log console listening live in real Chromium: `fwkit emulate --log boot-loop` plays a device that keeps
 * restarting, bridged to the page's port; the page's diagnosis names the boot loop while the log arrives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { browserUnavailable, launchBrowser } from './support/browser.js';
import { choosePort } from './support/device-page.js';
import { startSerialBridge } from './support/serial-bridge.js';

test('Listen: a live boot loop from fwkit emulate --log is diagnosed in the page', { skip: browserUnavailable, timeout: 300_000 }, async () => {
  const emu = await startEmulatorProcess(['--log', 'boot-loop']);
  const bridge = await startSerialBridge(emu.port);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ bridge: bridge.url });
    await choosePort(page);
    await page.selectOption('[data-input="log-chip"]', 'bk7231n');
    await page.selectOption('[data-input="log-baud"]', '115200');
    await page.click('[data-action="listen"]');
    await page.waitForSelector('[data-area="diagnosis"] [data-finding="boot-loop"]', { timeout: 120_000 });
    const console = await page.textContent('[data-area="console"]');
    assert.match(console!, /\n/, 'the log text is on screen');
    assert.deepEqual(bridge.opens, [115200]);
    // Two boots are enough for the finding; the count keeps growing while the device restarts.
    await page.waitForFunction(() => Number(document.querySelector('[data-area="diagnosis"] [data-fact="boots seen"] td')?.textContent) >= 3, undefined, { timeout: 120_000 });
    const boots = await page.textContent('[data-area="diagnosis"] [data-fact="boots seen"] td');
    assert.ok(Number(boots) >= 3, `boots seen: ${boots}`);
    await browser.screenshot(page, 'log-live-boot-loop');
    await page.click('[data-action="stop"]');
    await page.waitForFunction(() => document.querySelector('#log .status')?.textContent === 'stopped');
  } finally {
    await browser.close();
    await bridge.close();
    await emu.stop();
  }
});
