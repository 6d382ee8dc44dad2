/**
 * Real Chromium for the page's tests: Debian's `chromium` (or $FWKIT_CHROMIUM) driven by playwright-core,
 * headless, with a fresh profile, and the built page served from dist/site on 127.0.0.1. Where there is
 * no Chromium, `browserUnavailable` says why and the tests skip with that sentence.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../../../scripts/serve-web.js';
import { repoRoot } from '../../support/paths.js';

const CANDIDATES = [process.env.FWKIT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export const chromiumPath = CANDIDATES.find((path) => existsSync(path)) ?? null;

export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function playwrightLoads(): Promise<boolean> {
  try {
    await import('playwright-core');
    return true;
  } catch {
    return false;
  }
}

/** Why the browser tests cannot run here, or false when they can. */
export const browserUnavailable: string | false = !chromiumPath
  ? 'Chromium is not installed (apt-get install chromium, or set FWKIT_CHROMIUM to its path): browser tests skipped'
  : !existsSync(join(repoRoot, 'dist/site/app.js'))
    ? 'dist/site is not built (npm run build): browser tests skipped'
    : !(await playwrightLoads())
      ? 'playwright-core is not installed (npm install): browser tests skipped'
      : false;

/** Screenshots go here (gitignored), for a person to look at. */
export const artifactsDir = join(repoRoot, 'test-artifacts', 'web');

export interface Browser {
  context: import('playwright-core').BrowserContext;
  baseUrl: string;
  newPage(init?: { bridge?: string }): Promise<import('playwright-core').Page>;
  screenshot(page: import('playwright-core').Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'fwkit-chromium-'));
  const downloads = mkdtempSync(join(tmpdir(), 'fwkit-downloads-'));
  const { server, port } = await serveStatic(join(repoRoot, 'dist/site'), 0);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath!,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    downloadsPath: downloads,
    // the page's CSP forbids any connection; the test shim's WebSocket to the local bridge is the exception
    bypassCSP: true,
    viewport: { width: 1400, height: 1000 },
  });
  mkdirSync(artifactsDir, { recursive: true });
  const shim = join(repoRoot, 'dist/test/web/support/serial-shim.js');
  return {
    context,
    baseUrl: `http://127.0.0.1:${port}/`,
    async newPage(init = {}) {
      const page = await context.newPage();
      // Playwright's 30 s default is a wall-clock bound; a busy 2-core machine needs more for every wait.
      page.setDefaultTimeout(180_000);
      if (init.bridge) {
        await page.addInitScript(`globalThis.FWKIT_SERIAL_BRIDGE = ${JSON.stringify(init.bridge)};`);
        // tsc marks every file of this ESM package as a module (`export {}`): an init script is a classic script
        await page.addInitScript(readFileSync(shim, 'utf8').replace(/^export \{\};$/m, ''));
      }
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('body[data-ready="yes"]');
      return page;
    },
    async screenshot(page, name) {
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
      rmSync(profile, { recursive: true, force: true });
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}
