import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from '../blflash/support/pty-chip.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';
import { samplePath } from '../support/paths.js';
import { startEmulatorProcess } from './support/emulator-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-flash-auto-'));
const env = { PATH: process.env.PATH, HOME: dir };

function lastLine(stderr: string): string {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return stderr.trim().split('\n').pop()!;
}

test('flash info --chip auto finds a BL602 behind the Beken attempts and answers from its boot ROM; a read under the default auto gets its bytes', async () => {
  const image = join(dir, 'bl602.bin');
  const content = new Uint8Array(1 << 21).map((_, i) => (i * 7 + (i >> 12)) & 0xff);
  writeFileSync(image, content);
  const loader = join(dir, 'loader.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  const emulator = await startEmulatorProcess(['--chip', 'bl602', '--image', image, '--instant']);
  try {
    const info = await runCliAsync(['flash', 'info', '--chip', 'auto', '--port', emulator.port, '--loader', loader, '--link-timeout', '10', '--json'], env);
    assert.equal(info.status, 0, info.stderr);
    const chip = JSON.parse(info.stdout);
    assert.equal(chip.family, 'BL602');
    assert.equal(chip.romVersion, '0x1');
    const out = join(dir, 'bl602-head.bin');
    const read = await runCliAsync(['flash', 'read', out, '--port', emulator.port, '--loader', loader, '--offset', '0x10000', '--length', '0x10000', '--json'], env);
    assert.equal(read.status, 0, read.stderr);
    assert.equal(JSON.parse(read.stdout).family, 'BL602');
    assert.ok(readFileSync(out).equals(Buffer.from(content.subarray(0x10000, 0x20000))), 'the bytes of the BL602 flash, read under the default --chip auto');
  } finally {
    await emulator.stop();
  }
});

test('flash read --chip auto on a BL602 without a loader says where the eflash_loader is looked for, as --chip bouffalo does', async () => {
  const image = join(dir, 'bl602-noloader.bin');
  writeFileSync(image, new Uint8Array(1 << 20).fill(0xff));
  const emulator = await startEmulatorProcess(['--chip', 'bl602', '--image', image, '--instant']);
  try {
    const base = ['flash', 'read', join(dir, 'never-written.bin'), '--port', emulator.port, '--link-timeout', '10'];
    const auto = await runCliAsync([...base, '--chip', 'auto'], env);
    const bl = await runCliAsync([...base, '--chip', 'bouffalo'], env);
    assert.notEqual(auto.status, 0);
    assert.equal(auto.status, bl.status);
    assert.equal(lastLine(auto.stderr), lastLine(bl.stderr));
    assert.match(lastLine(auto.stderr), /eflash_loader/);
  } finally {
    await emulator.stop();
  }
});

test('flash info with the default --chip auto still identifies a BK7231N', async () => {
  const image = join(dir, 'n.bin');
  copyFileSync(samplePath('bk7231n-dump.bin'), image);
  chmodSync(image, 0o644);
  const emulator = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--instant']);
  try {
    const info = await runCliAsync(['flash', 'info', '--port', emulator.port, '--baud', '2000000', '--json'], env);
    assert.equal(info.status, 0, info.stderr);
    const chip = JSON.parse(info.stdout);
    assert.equal(chip.family, 'BK7231N');
    assert.equal(chip.protocol, 'rom');
  } finally {
    await emulator.stop();
  }
});
