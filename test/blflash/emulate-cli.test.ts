import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { runCliAsync } from './support/pty-chip.js';
import { syntheticLoader } from './support/synthetic-loader.js';

test('fwkit emulate --chip bl702 serves fwkit flash, and --save keeps what was written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-blemu-'));
  const image = join(dir, 'flash.bin');
  writeFileSync(image, new Uint8Array(1 << 20).fill(0xa5));
  const loader = join(dir, 'loader.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  const emulator = await startEmulatorProcess(['--chip', 'bl702', '--image', image, '--instant', '--save']);
  try {
    const base = ['--chip', 'bouffalo', '--port', emulator.port, '--loader', loader, '--json'];
    const info = await runCliAsync(['flash', 'info', ...base], { PATH: process.env.PATH, HOME: dir });
    assert.equal(info.status, 0, info.stderr);
    const facts = JSON.parse(info.stdout);
    assert.deepEqual([facts.family, facts.romVersion, facts.secureBoot], ['BL702', '0x7020001', false]);
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
