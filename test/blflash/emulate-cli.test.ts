import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../support/paths.js';
import { runCliAsync } from './support/pty-chip.js';
import { syntheticLoader } from './support/synthetic-loader.js';

/** Starts `fwkit emulate` as its own process and resolves with its JSON announcement once printed. */
function startEmulateProcess(args: string[]) {
  const child = spawn(process.execPath, [cliPath, 'emulate', ...args, '--json'], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ready = new Promise<{ port: string; chip: string; flashSize: number }>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      try {
        resolve(JSON.parse(stdout));
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`emulate exited with ${code}: ${stderr}`)));
  });
  const stopped = new Promise<string>((resolve) => child.once('exit', () => resolve(stderr)));
  return { ready, stop: () => (child.kill('SIGINT'), stopped) };
}

test('fwkit emulate --chip bl702 serves fwkit flash, and --save keeps what was written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-blemu-'));
  const image = join(dir, 'flash.bin');
  writeFileSync(image, new Uint8Array(1 << 20).fill(0xa5));
  const loader = join(dir, 'loader.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  const emulator = startEmulateProcess(['--chip', 'bl702', '--image', image, '--instant', '--save']);
  try {
    const announced = await emulator.ready;
    assert.deepEqual([announced.chip, announced.flashSize], ['BL702', 1 << 20]);
    const base = ['--chip', 'bl', '--port', announced.port, '--loader', loader, '--json'];
    const info = await runCliAsync(['flash', 'info', ...base], { PATH: process.env.PATH, HOME: dir });
    assert.equal(info.status, 0, info.stderr);
    assert.equal(JSON.parse(info.stdout).chip, 'BL702');
    const erase = await runCliAsync(['flash', 'erase', ...base, '--offset', '0x10000', '--length', '0x1000'], { PATH: process.env.PATH, HOME: dir });
    assert.equal(erase.status, 0, erase.stderr);
  } finally {
    const log = await emulator.stop();
    assert.match(log, /emulator stopped: \d+ commands/);
  }
  const saved = readFileSync(image);
  assert.equal(saved.length, 1 << 20);
  assert.ok(saved.subarray(0x10000, 0x11000).every((byte) => byte === 0xff), 'the erased sector was saved');
  assert.equal(saved[0x11000], 0xa5);
  assert.equal(saved[0xffff], 0xa5);
});
