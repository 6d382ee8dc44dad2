import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { connectHost, startEmulatedChip } from './support/emulated-chip.js';
import { readRange, TransferInterruptedError, writeRange } from '../../src/flash/beken/operations.js';
import { unprotectFlash } from '../../src/flash/beken/session.js';

const N_DUMP = 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin';
const OTHER_N_DUMP = 'Kanlux_33643_S_GU10_RGBCCT_Bulb.bin';

function corpus(name: string): Uint8Array {
  return readCorpus('beken', name);
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

test('rewriting identical content writes zero sectors; a one-sector change writes exactly one', { skip: noCorpus }, async () => {
  const image = corpus(N_DUMP);
  const emu = await startEmulatedChip({ family: 'BK7231N', image });
  const host = await connectHost(emu.hostPath);
  try {
    const region = image.slice(0x11000, 0x91000);
    const identical = await writeRange(host, 0x11000, region);
    assert.equal(identical.sectorsWritten, 0);
    assert.equal(identical.sectorsErased, 0);
    assert.equal(identical.sectorsSkipped, region.length / 0x1000);
    assert.equal(emu.chip.stats.sectorsWritten, 0, 'the chip saw no write command');

    region[0x23456] ^= 0x5a; // one byte in the sector at 0x11000 + 0x23000
    const changed = await writeRange(host, 0x11000, region);
    assert.equal(changed.sectorsWritten, 1);
    assert.equal(changed.sectorsErased, 1);
    assert.equal(emu.chip.stats.sectorsWritten, 1);
    assert.ok(same(emu.chip.flash.data.subarray(0x11000, 0x91000), region));
  } finally {
    await host.close();
    await emu.close();
  }
});

test('a protected flash is unprotected first, then a different image is written and reads back bit-exact', { skip: noCorpus }, async () => {
  const emu = await startEmulatedChip({ family: 'BK7231N', image: corpus(N_DUMP), statusRegister: 0x001c });
  const host = await connectHost(emu.hostPath);
  try {
    assert.equal(host.info.protection?.protected, true);
    assert.equal(await unprotectFlash(host.client, host.info), true);
    const target = corpus(OTHER_N_DUMP).subarray(0x11000, 0x51000);
    const stats = await writeRange(host, 0x11000, target);
    assert.ok(stats.sectorsWritten > 0);
    const back = new Uint8Array(target.length);
    await readRange(host, 0x11000, 0x51000, (at, data) => back.set(data, at - 0x11000));
    assert.ok(same(back, target));
  } finally {
    await host.close();
    await emu.close();
  }
});

test('with 1% corrupted and 1% dropped replies (and damaged write data), read and write still end bit-exact', { skip: noCorpus }, async () => {
  const image = corpus(N_DUMP);
  const emu = await startEmulatedChip({ family: 'BK7231N', image, faults: { corruptRate: 0.01, dropRate: 0.01, loseByteRate: 0.01, seed: 7 } });
  const host = await connectHost(emu.hostPath);
  try {
    const back = new Uint8Array(0x80000);
    await readRange(host, 0, back.length, (at, data) => back.set(data, at));
    assert.ok(same(back, image.subarray(0, back.length)), 'read bit-exact');
    const target = corpus(OTHER_N_DUMP).subarray(0x11000, 0x51000);
    await writeRange(host, 0x11000, target);
    assert.ok(same(emu.chip.flash.data.subarray(0x11000, 0x51000), target), 'written bit-exact');
  } finally {
    await host.close();
    await emu.close();
  }
});

test('BK7231T: a write interrupted by a silent chip resumes after a reset and completes', { skip: noCorpus }, async () => {
  const image = corpus('Brilo_8464455_Ceiling_Light.bin');
  const emu = await startEmulatedChip({ family: 'BK7231T', image });
  const host = await connectHost(emu.hostPath);
  const target = corpus('Biltema_24264_A15_E27_CCT_Mini-Globe_Bulb.bin').subarray(0x11000, 0x91000);
  try {
    host.client.marginMs = 300; // the silent chip costs a few timeouts
    emu.chip.faults.stopAfter(emu.chip.stats.commands + 60);
    await assert.rejects(writeRange(host, 0x11000, target), (error: unknown) => error instanceof TransferInterruptedError);
  } finally {
    await host.close();
  }
  assert.ok(!same(emu.chip.flash.data.subarray(0x11000, 0x91000), target), 'the flash is only partly written');
  emu.chip.faults.revive();
  emu.chip.reset(); // power cycle: back to 115200 and the download window
  const again = await connectHost(emu.hostPath);
  try {
    const stats = await writeRange(again, 0x11000, target);
    assert.ok(stats.sectorsSkipped > 0, 'sectors finished before the interruption are not written again');
    assert.ok(same(emu.chip.flash.data.subarray(0x11000, 0x91000), target));
    assert.ok(same(emu.chip.flash.data.subarray(0, 0x11000), image.subarray(0, 0x11000)), 'bootloader untouched');
  } finally {
    await again.close();
    await emu.close();
  }
});
