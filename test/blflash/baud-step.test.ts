/**
 * A marginal line on a Bouffalo chip: `fwkit emulate --marginal-above 921600` damages a third of the
 * eflash_loader's replies and of the write data it receives above that rate. fwkit asked for 2 M steps down
 * (change_rate) until the transfer goes through, says so, names the rate in its summary, and the bytes
 * end identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { runCliAsync } from './support/pty-chip.js';
import { syntheticLoader } from './support/synthetic-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-blstep-'));
const loader = join(dir, 'loader.bin');
writeFileSync(loader, syntheticLoader('placeholder'));
const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir };
const STEP = /^warning: the transfer kept failing at 2000000 baud \(.+\); continuing at 1500000 baud from 0x[0-9A-F]+$/m;

function flashImage(): Uint8Array {
  return new Uint8Array(1 << 20).map((_, i) => (i * 13 + (i >> 12)) & 0xff);
}

test('a read and a write at 2000000 on a line that fails above 921600 step down, finish and leave identical bytes', async () => {
  const image = join(dir, 'flash.bin');
  const original = flashImage();
  writeFileSync(image, original);
  const emu = await startEmulatorProcess(['--chip', 'bl702', '--image', image, '--instant', '--save', '--marginal-above', '921600', '--seed', '3']);
  const data = new Uint8Array(0x10000).map((_, i) => (i * 29 + 5) & 0xff);
  const file = join(dir, 'data.bin');
  writeFileSync(file, data);
  try {
    const base = ['--chip', 'bl702', '--port', emu.port, '--loader', loader, '--baud', '2000000'];
    const out = join(dir, 'read.bin');
    const read = await runCliAsync(['flash', 'read', out, '--length', '0x20000', '--json', ...base], env);
    assert.equal(read.status, 0, read.stderr);
    assert.match(read.stderr, STEP);
    const summary = JSON.parse(read.stdout) as { baudRate: number };
    assert.ok(summary.baudRate <= 921_600, `the summary names ${summary.baudRate}`);
    assert.ok(readFileSync(out).equals(Buffer.from(original.subarray(0, 0x20000))), 'read bytes identical');

    // the loader was reset at the end of the read: the write starts at 2 M again and steps down again
    const write = await runCliAsync(['flash', 'write', file, '--offset', '0x80000', '--no-backup', '--force-no-firmware', ...base], env);
    assert.equal(write.status, 0, write.stderr);
    assert.match(write.stderr, /^warning: the transfer kept failing at \d+ baud \(.+\); continuing at \d+ baud from 0x[0-9A-F]+$/m);
    const rate = Number(/verified by the chip's SHA-256 at (\d+) baud$/m.exec(write.stdout)?.[1]);
    assert.ok(rate <= 921_600, write.stdout);
  } finally {
    await emu.stop();
  }
  const saved = readFileSync(image);
  assert.ok(saved.subarray(0x80000, 0x90000).equals(Buffer.from(data)), 'written bytes identical');
  assert.ok(saved.subarray(0, 0x80000).equals(Buffer.from(original.subarray(0, 0x80000))), 'nothing else changed');
});

test('a clean line stays at 2000000 and says nothing', async () => {
  const image = join(dir, 'clean.bin');
  writeFileSync(image, flashImage());
  const emu = await startEmulatorProcess(['--chip', 'bl702', '--image', image, '--instant']);
  try {
    const out = join(dir, 'clean-read.bin');
    const read = await runCliAsync(['flash', 'read', out, '--length', '0x20000', '--json', '--chip', 'bl702', '--port', emu.port, '--loader', loader, '--baud', '2000000'], env);
    assert.equal(read.status, 0, read.stderr);
    assert.doesNotMatch(read.stderr, /kept failing/);
    assert.equal((JSON.parse(read.stdout) as { baudRate: number }).baudRate, 2_000_000);
  } finally {
    await emu.stop();
  }
});

test('BL616: the ROM flash commands step down the same way (clk_set to the lower rate), bytes identical', async () => {
  const image = join(dir, 'bl616.bin');
  const original = flashImage();
  writeFileSync(image, original);
  const emu = await startEmulatorProcess(['--chip', 'bl616', '--image', image, '--instant', '--marginal-above', '921600', '--seed', '3']);
  try {
    const out = join(dir, 'bl616-read.bin');
    const read = await runCliAsync(['flash', 'read', out, '--length', '0x20000', '--json', '--chip', 'bl616', '--port', emu.port, '--baud', '2000000'], env);
    assert.equal(read.status, 0, read.stderr);
    assert.match(read.stderr, STEP);
    assert.ok((JSON.parse(read.stdout) as { baudRate: number }).baudRate <= 921_600);
    assert.ok(readFileSync(out).equals(Buffer.from(original.subarray(0, 0x20000))), 'bytes identical');
  } finally {
    await emu.stop();
  }
});
