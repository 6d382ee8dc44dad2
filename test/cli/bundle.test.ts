/**
 * The installed `fwkit` is the code-split bundle in dist/cli (package.json "bin"); the whole suite runs it
 * (test/support/cli.ts). These tests run a copy of that folder on its own, started by its shebang, so a
 * file it still took from dist/src — the worker thread of `index`, the pseudo-terminal process of
 * `emulate`, both started by path — would be missing here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cliPath, repoRoot, samplePath } from '../support/paths.js';
import { testDataHome } from '../support/cli.js';

const noShebang = process.platform === 'win32' && 'Windows does not run a file by its #! line';
let copy: string;
let bin: string;

before(() => {
  // Inside the clone, so that node_modules (serialport, node-pty: left out of the bundle) and the
  // package's "type": "module" are found as they are beside an installed package's files.
  copy = mkdtempSync(join(repoRoot, 'dist', 'cli-copy-'));
  cpSync(join(repoRoot, 'dist/cli'), copy, { recursive: true });
  bin = join(copy, 'fwkit.js');
});
after(() => rmSync(copy, { recursive: true, force: true }));

function runCopy(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { cwd: repoRoot, env: { ...process.env, XDG_DATA_HOME: testDataHome }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('package.json installs the bundle as fwkit: an executable file with a node shebang, shipped in "files"', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
  assert.equal(join(repoRoot, pkg.bin.fwkit!), cliPath);
  assert.ok(pkg.files.some((entry) => cliPath.startsWith(join(repoRoot, entry))), 'the bin is in a folder "files" ships');
  assert.equal(readFileSync(cliPath, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  if (process.platform !== 'win32') assert.notEqual(statSync(cliPath).mode & 0o111, 0, 'executable');
});

test('fwkit --version prints its own package version, whatever folder it runs in', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const elsewhere = mkdtempSync(join(tmpdir(), 'fwkit-version-'));
  // A package.json of another project in the folder fwkit runs in must not be taken for fwkit's own.
  writeFileSync(join(elsewhere, 'package.json'), JSON.stringify({ name: 'other', version: '9.9.9' }));
  const r = spawnSync(process.execPath, [cliPath, '--version'], { cwd: elsewhere, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
  rmSync(elsewhere, { recursive: true, force: true });
});

test('the bundle on its own indexes a folder on two worker threads', { skip: noShebang }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'fwkit-bundle-index-'));
  for (const name of ['bk7231n-dump.bin', 'bk7231t-dump.bin', 'bl602-dump.bin']) copyFileSync(samplePath(name), join(folder, name));
  const out = join(folder, 'out');
  mkdirSync(out);
  const r = runCopy(['index', folder, '-o', join(out, 'index.json'), '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { files: Array<{ path: string; family: string | null; restorable: boolean }> };
  assert.deepEqual(
    index.files.map((f) => [f.path, f.family, f.restorable]),
    [
      ['bk7231n-dump.bin', 'BK7231N', true],
      ['bk7231t-dump.bin', 'BK7231T', true],
      ['bl602-dump.bin', 'BL602', true],
    ],
  );
});

test('the bundle on its own runs the emulator on its pseudo-terminal process, and talks to it', { skip: noShebang }, async () => {
  const image = join(mkdtempSync(join(tmpdir(), 'fwkit-bundle-emulate-')), 'dump.bin');
  copyFileSync(samplePath('bk7231n-dump.bin'), image);
  const emulator = spawn(bin, ['emulate', '--chip', 'bk7231n', '--image', image, '--instant', '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  emulator.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  emulator.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => emulator.once('exit', (code) => resolve(code)));
  try {
    const started = await Promise.race([
      new Promise<boolean>((resolve) => emulator.stdout!.on('data', () => stdout.trim().endsWith('}') && resolve(true))),
      exited.then(() => false),
    ]);
    assert.ok(started, `the emulator did not start: ${stderr}`);
    const { port } = JSON.parse(stdout) as { port?: string };
    assert.equal(typeof port, 'string', `the emulator did not start: ${stdout}`);
    if (process.platform === 'linux') {
      const children = readFileSync(`/proc/${emulator.pid}/task/${emulator.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      const commands = children.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      assert.ok(commands.some((argv) => argv[1] === join(copy, 'pty-relay.js')), `the relay runs from the bundle: ${JSON.stringify(commands)}`);
    }
    const info = runCopy(['flash', 'info', '--port', port!, '--baud', '2000000', '--json']);
    assert.equal(info.status, 0, info.stderr);
    assert.equal((JSON.parse(info.stdout) as { family: string }).family, 'BK7231N');
  } finally {
    if (emulator.exitCode === null) emulator.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /emulator stopped: [1-9]\d* commands/);
});

const nodeCachesItself = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function' && 'Node 22.1+ keeps the compiled code in its own cache';

test('the program keeps a command\'s compiled code: the first run writes it, later runs use it, help writes none', { skip: noShebang || nodeCachesItself }, () => {
  const home = mkdtempSync(join(tmpdir(), 'fwkit-code-cache-'));
  const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), LOCALAPPDATA: join(home, 'local') };
  const run = (args: string[], extra: Record<string, string> = {}) => spawnSync(bin, args, { cwd: repoRoot, env: { ...env, ...extra }, encoding: 'utf8' });
  const caches = (): Map<string, number> => new Map(listFiles(home).filter((f) => f.endsWith('.v8')).map((f) => [basename(f), statSync(f).mtimeMs]));
  try {
    assert.equal(run(['inspect', '--help']).status, 0);
    assert.equal(run(['inspect', samplePath('bk7231n-dump.bin'), '--json'], { NODE_DISABLE_COMPILE_CACHE: '1' }).status, 0);
    assert.deepEqual([...caches().keys()], [], 'neither help nor a run with the cache turned off writes one');
    const first = run(['inspect', samplePath('bk7231n-dump.bin'), '--json']);
    assert.equal(first.status, 0, first.stderr);
    const written = caches();
    assert.deepEqual([...written.keys()].map((name) => name.replace(/^fwkit-main-\w+/, 'fwkit-main')), ['fwkit-main.inspect.v8']);
    const second = run(['inspect', samplePath('bk7231n-dump.bin'), '--json']);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(caches(), written, 'the second run took the cache as it was (a refused one is written again)');
    // A damaged cache of the right length (V8 would crash on it) is taken for none, and written again.
    const [file] = listFiles(home).filter((f) => f.endsWith('.v8'));
    const damaged = readFileSync(file!);
    for (let i = 4096; i < damaged.length; i += 997) damaged[i]! ^= 0x5a;
    writeFileSync(file!, damaged);
    const third = run(['inspect', samplePath('bk7231n-dump.bin'), '--json']);
    assert.equal(third.status, 0, third.stderr);
    assert.equal(third.stdout, first.stdout);
    assert.notDeepEqual(readFileSync(file!), damaged, 'the damaged cache was replaced');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(join(folder, entry.name)) : [join(folder, entry.name)]));
}
