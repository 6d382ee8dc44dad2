import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { emulateImage } from './support/emulator-process.js';
import { noCorpus, readCorpus } from '../support/paths.js';
import { startEmulatedChip, withHostPort, type EmulatedChip } from './support/emulated-chip.js';
import { BekenClient } from '../../src/flash/beken/client.js';
import { identifyAtWorkingRate, identifyChip, linkChip, switchBaud } from '../../src/flash/beken/session.js';
import { readRange, writeRange, type FlashTarget } from '../../src/flash/beken/operations.js';
import type { ChipOptions } from '../../src/flash/emulator/beken-chip.js';

const image = readCorpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');

/** A chip whose line fails above 921600 baud: a third of its replies (and of the data it receives) damaged. */
const MARGINAL: ChipOptions = { family: 'BK7231N', image: image.slice(), faults: { marginalAboveBaud: 921_600, marginalRate: 0.3, seed: 7 } };

/** Links at 115200 on a fast-failing client (the marginal line costs one reply timeout a fault). */
async function linked(options: ChipOptions, body: (client: BekenClient, emu: EmulatedChip) => Promise<void>): Promise<void> {
  await withHostPort(await startEmulatedChip(options), 115200, async (transport, emu) => {
    const client = new BekenClient(transport, { marginMs: 300 });
    await linkChip(client, { timeoutMs: 10_000 });
    await body(client, emu);
  });
}

/** Links and identifies at 115200, then goes to `baud` as the flash commands do. */
async function session(options: ChipOptions, baud: number, body: (target: FlashTarget, notes: string[], emu: EmulatedChip) => Promise<void>) {
  const notes: string[] = [];
  await linked(options, async (client, emu) => {
    const info = await identifyChip(client, null);
    info.baudRate = await switchBaud(client, baud);
    await body({ client, info, onNote: (line) => notes.push(line) }, notes, emu);
  });
}

test('a read that keeps failing above 921600 baud steps down, says so once per step, and ends bit-exact at a rate that works', { skip: noCorpus }, async () => {
  await session(MARGINAL, 2_000_000, async (target, notes) => {
    const length = 0x80000;
    const out = new Uint8Array(length);
    await readRange(target, 0, length, (at, data) => out.set(data, at));
    assert.ok(Buffer.from(out).equals(Buffer.from(image.subarray(0, length))), 'bytes identical');
    assert.ok(notes.length >= 1 && notes.length <= 2, notes.join('\n'));
    assert.match(notes[0]!, /^the transfer kept failing at 2000000 baud \(.*\); continuing at 1500000 baud from 0x[0-9A-F]+$/);
    assert.ok(target.info.baudRate <= 921_600, `ended at ${target.info.baudRate}`);
    assert.equal(target.info.baudRate, target.client.transport.baudRate, 'the rate the summary names is the one in use');
  });
});

test('a write on the same line continues from the failed sector at a lower rate; the flash ends identical to the file', { skip: noCorpus }, async () => {
  const file = image.slice(0x11000, 0x11000 + 0x40000).map((b, i) => b ^ (i >> 12));
  await session(MARGINAL, 2_000_000, async (target, notes, emu) => {
    const stats = await writeRange(target, 0x11000, file);
    assert.ok(stats.sectorsWritten > 0);
    assert.ok(notes.length >= 1, 'stepped down');
    assert.ok(Buffer.from(emu.chip.flash.read(0x11000, file.length)).equals(Buffer.from(file)), 'flash identical to the file');
    assert.ok(target.info.baudRate <= 921_600);
  });
});

test('a clean line stays at the requested rate and says nothing', { skip: noCorpus }, async () => {
  await session({ family: 'BK7231N', image: image.slice() }, 2_000_000, async (target, notes) => {
    const out = new Uint8Array(0x20000);
    await readRange(target, 0, out.length, (at, data) => out.set(data, at));
    assert.deepEqual(notes, []);
    assert.equal(target.info.baudRate, 2_000_000);
  });
});

test('identification on the marginal line steps down too and names the family right', { skip: noCorpus }, async () => {
  await linked(MARGINAL, async (client) => {
    await switchBaud(client, 2_000_000);
    const info = await identifyAtWorkingRate(client, null, () => undefined);
    assert.equal(info.family, 'BK7231N');
    assert.equal(info.flashSize, 0x200000);
    assert.equal(info.flashId, 'EB6015');
  });
});

test('from the command line: fwkit emulate --marginal-above 921600, flash read --baud 2000000 steps down and the summary names the rate', { skip: noCorpus }, async () => {
  const emu = await emulateImage(image, ['--chip', 'bk7231n', '--instant', '--marginal-above', '921600', '--seed', '3']);
  const out = join(emu.dir, 'read.bin');
  try {
    const r = runCli(['flash', 'read', '--port', emu.port, '--baud', '2000000', out, '--length', '0x80000', '--json'], { timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    // identification or the transfer meets the bad line first; either steps down and says so
    assert.match(r.stderr, /warning: (identification|the transfer) kept failing at 2000000 baud \(.*\); (trying again|continuing) at 1500000 baud/);
    const summary = JSON.parse(r.stdout) as { baudRate: number };
    assert.ok(summary.baudRate <= 921_600, `summary names ${summary.baudRate}`);
    assert.ok(readFileSync(out).equals(Buffer.from(image.subarray(0, 0x80000))), 'bytes identical');
  } finally {
    await emu.stop();
  }
});

test('a chip that cannot take 2000000 or 1500000 baud: the switch fails three times, the next rates down are tried, the read goes on at 921600', { skip: noCorpus }, async () => {
  const emu = await emulateImage(image, ['--chip', 'bk7231n', '--instant', '--max-baud', '921600']);
  const out = join(emu.dir, 'read.bin');
  try {
    const r = runCli(['flash', 'read', '--port', emu.port, '--baud', '2000000', out, '--length', '0x10000', '--json'], { timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: the switch to 2000000 baud failed three times; continuing at 921600 baud \(try a lower --baud or another adapter\)/);
    assert.equal((JSON.parse(r.stdout) as { baudRate: number }).baudRate, 921_600);
    assert.ok(readFileSync(out).equals(Buffer.from(image.subarray(0, 0x10000))), 'bytes identical');
  } finally {
    await emu.stop();
  }
});
