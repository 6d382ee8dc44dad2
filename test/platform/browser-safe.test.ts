import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../support/paths.js';

/**
 * The layers below the faces must bundle for a browser: formats, jobs, and flash less its Node-only
 * parts (the serialport transport, the pty pair, the emulators, the loader search on disk).
 */
const NODE_ONLY = ['flash/serial-transport.js', 'flash/pty-pair.js', 'flash/pty-relay.js', 'flash/emulator/', 'flash/bouffalo/loader-discovery.js'];
const dist = join(repoRoot, 'dist/src');

function modules(folder: string): string[] {
  const root = join(dist, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(folder, file))
    .filter((file) => !NODE_ONLY.some((prefix) => file.startsWith(prefix)));
}

const entries = [...modules('formats'), ...modules('flash'), ...modules('jobs'), 'platform/index.js'];

test('formats, jobs and the browser-reachable flash layer bundle for a browser (no node: imports)', async () => {
  assert.ok(entries.length > 100, `only ${entries.length} modules found under dist/src`);
  const result = await build({
    entryPoints: entries.map((file) => join(dist, file)),
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    outdir: join(repoRoot, 'dist/browser-check'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).catch((error: { errors?: Array<{ text: string; location?: { file: string } | null }> }) => {
    const reasons = (error.errors ?? []).map((e) => `${e.location?.file ?? '?'}: ${e.text}`);
    assert.fail(`the browser bundle fails:\n${reasons.join('\n')}`);
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes('dist/src/platform/browser.js'), 'the browser bundle takes the pure-JS platform');
  assert.ok(!inputs.includes('dist/src/platform/node.js'), 'the browser bundle leaves the Node platform out');
  assert.deepEqual(inputs.filter((input) => /node_modules\/(serialport|@serialport)\//.test(input)), []);
});

test('no module below the faces uses Buffer (it does not exist in a browser)', () => {
  const offenders = entries.filter((file) => {
    if (file.startsWith('platform/')) return false;
    const code = readFileSync(join(dist, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    return /\bBuffer\s*[.(]/.test(code) || /\bnew Buffer\b/.test(code);
  });
  assert.deepEqual(offenders.map((file) => relative('.', file)), []);
});
