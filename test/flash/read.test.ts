import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { connectHost, startEmulatedChip } from './support/emulated-chip.js';
import { readRange } from '../../src/flash/beken/operations.js';

function corpus(name: string): Uint8Array {
  return readCorpus('beken', name);
}

test('BK7231N: identified as mask ROM with its flash, whole flash read back bit-exact', { skip: noCorpus }, async () => {
  const image = corpus('Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const emu = await startEmulatedChip({ family: 'BK7231N', image });
  const host = await connectHost(emu.hostPath);
  try {
    assert.equal(host.info.family, 'BK7231N');
    assert.equal(host.info.protocol, 'rom');
    assert.equal(host.info.flashId, 'EB6015');
    assert.equal(host.info.flashName, 'TH25Q16HB (TH)');
    assert.equal(host.info.flashSize, 0x200000);
    assert.equal(host.info.bootloader, 'bl_bk7231n_1.0.1');
    const out = new Uint8Array(image.length);
    await readRange(host, 0, image.length, (at, data) => out.set(data, at));
    assert.ok(Buffer.from(out).equals(Buffer.from(image)), 'bytes identical');
  } finally {
    await host.close();
    await emu.close();
  }
});

test('BK7231T: bootloader protocol, region below 0x11000 read through the wrap-around, physical order', { skip: noCorpus }, async () => {
  const image = corpus('Brilo_8464455_Ceiling_Light.bin');
  const emu = await startEmulatedChip({ family: 'BK7231T', image, bootVersion: 'BK7231S_1.0.5' });
  const host = await connectHost(emu.hostPath);
  try {
    assert.equal(host.info.family, 'BK7231T');
    assert.equal(host.info.protocol, 'bootloader');
    assert.equal(host.info.crcEndInclusive, false);
    assert.equal(host.info.bootloader, 'bl_bk7231s_1.0.5');
    assert.equal(host.info.bootVersion, 'BK7231S_1.0.5');
    assert.equal(host.info.flashSize, 0x200000);
    assert.equal(host.info.flashSizeSource, 'probe');
    await assert.rejects(host.client.read4k(0), /status 6/, 'a raw read of the bootloader is refused');
    const out = new Uint8Array(image.length);
    await readRange(host, 0, out.length, (at, data) => out.set(data, at));
    assert.ok(Buffer.from(out).equals(Buffer.from(image)), 'whole flash in physical order');
  } finally {
    await host.close();
    await emu.close();
  }
});
