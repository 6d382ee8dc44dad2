/**
 * The web page: bundle size, and inspect of a 2 MiB dump in real Chromium as a ratio to the CLI's
 * in-process time. The inspector is the same code; the page takes SHA-256, AES, CRC-32 and searches
 * from the pure-JS platform, the CLI from node:crypto, node:zlib and Buffer. Needs Chromium (as the tests).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { inspectImage } from '../src/formats/inspect.js';
import { repoRoot } from '../scripts/repo-root.js';
import { browserUnavailable, launchBrowser } from '../test/web/support/browser.js';

export const name = 'web';

const RUNS = 15;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function pickDump(): string {
  const corpus = process.env.FWKIT_CORPUS ?? resolve(repoRoot, '../shared/corpus');
  const real = join(corpus, 'beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  return existsSync(real) ? real : join(repoRoot, 'samples', 'bk7231n-dump.bin');
}

function bundleSize(): void {
  const app = join(repoRoot, 'dist/site/app.js');
  if (!existsSync(app)) {
    process.stdout.write('dist/site is not built (npm run build)\n');
    return;
  }
  const bytes = readFileSync(app);
  const page = ['index.html', 'style.css'].reduce((n, f) => n + statSync(join(repoRoot, 'dist/site', f)).size, 0);
  process.stdout.write(`bundle: app.js ${kib(bytes.length)} minified, ${kib(gzipSync(bytes, { level: 9 }).length)} gzipped; html+css ${kib(page)}\n`);
}

function nodeInspect(data: Uint8Array): number {
  inspectImage(data);
  return median(
    Array.from({ length: RUNS }, () => {
      const started = performance.now();
      inspectImage(data);
      return performance.now() - started;
    }),
  );
}

/** inspectImage alone, bundled for the browser the way the page is, timed inside Chromium. */
async function browserInspect(data: Uint8Array): Promise<{ inspect: number; page: number }> {
  const bundle = await build({
    entryPoints: [join(repoRoot, 'dist/src/formats/inspect.js')],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'fwkitInspect',
    minify: true,
    write: false,
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const inspect = await page.evaluate(
      async ({ base64, runs }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const { inspectImage } = (globalThis as unknown as { fwkitInspect: { inspectImage: (d: Uint8Array) => unknown } }).fwkitInspect;
        inspectImage(bytes);
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          inspectImage(bytes);
          times.push(performance.now() - started);
        }
        return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
      },
      { base64: Buffer.from(data).toString('base64'), runs: RUNS },
    );
    // the whole page: a picked file to its rendered report (inspect, Tuya, OpenBeken, tables)
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await page.waitForSelector('body[data-ready="yes"]');
      await page.setInputFiles('[data-input="inspect"]', { name: 'dump.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(data) });
      const handle = await page.waitForSelector('[data-file="dump.bin"]');
      times.push(Number(await handle.getAttribute('data-inspect-ms')));
    }
    return { inspect, page: median(times) };
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<void> {
  bundleSize();
  if (browserUnavailable) {
    process.stdout.write(`${browserUnavailable}\n`);
    return;
  }
  const file = pickDump();
  const data = new Uint8Array(readFileSync(file));
  process.stdout.write(`dump: ${file} (${data.length} bytes)\n`);
  const node = nodeInspect(data);
  const { inspect, page } = await browserInspect(data);
  process.stdout.write(`inspect in Node (CLI in-process): median ${node.toFixed(1)} ms\n`);
  process.stdout.write(`inspect in Chromium (page code) : median ${inspect.toFixed(1)} ms = ${(inspect / node).toFixed(2)}x the CLI\n`);
  process.stdout.write(`page, file to rendered report   : median ${page.toFixed(1)} ms = ${(page / node).toFixed(2)}x the CLI's inspect\n`);
}
