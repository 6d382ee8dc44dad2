import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { connectHost, startEmulatedChip, withHostPort } from './support/emulated-chip.js';
import { BekenClient, ProtocolError } from '../../src/flash/beken/client.js';
import { identifyChip, linkChip, WrongChipError } from '../../src/flash/beken/session.js';
import { readRange } from '../../src/flash/beken/operations.js';
import type { ChipOptions } from '../../src/flash/emulator/beken-chip.js';

function corpus(folder: string, name: string): Uint8Array {
  return readCorpus(folder, name);
}

/** Links and identifies with --chip `expected`; returns the info or the error. */
async function identifyOn(options: ChipOptions, expected: Parameters<typeof identifyChip>[1] = null, marginMs = 1500) {
  const said: string[] = [];
  return withHostPort(await startEmulatedChip(options), 115200, async (transport) => {
    const client = new BekenClient(transport, { marginMs });
    await linkChip(client, { timeoutMs: 10_000 });
    const info = await identifyChip(client, expected, (line) => said.push(line)).catch((error: Error) => error);
    return { info, said };
  });
}

test('unknown bootloader CRC: the region is read through the wrap-around and the family comes from its content', { skip: noCorpus }, async () => {
  const image = corpus('more', 'OpenBK7231U_QIO_1.18.300.bin');
  const { info, said } = await identifyOn({ family: 'BK7231U', image });
  assert.ok(!(info instanceof Error), String(info));
  assert.equal(info.family, 'BK7231U');
  assert.equal(info.identifiedBy, 'bootloader content');
  assert.equal(info.bootloader, null);
  assert.equal(info.bootloaderCrc, 0x8bcec3b4, 'the CRC-32 of the first 256 bytes, as inspect shows it');
  assert.ok(info.evidence.some(([label, value]) => label === 'download partition' && value.startsWith('0x132000')), JSON.stringify(info.evidence));
  assert.match(said.join('\n'), /bootloader CRC 0x8BCEC3B4 is not known.*by content/);
});

test('unknown chip id on a mask-ROM chip: identified by the bootloader bytes (version string, N marker)', { skip: noCorpus }, async () => {
  const image = corpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const { info } = await identifyOn({ family: 'BK7231N', image, chipId: 0x7231d });
  assert.ok(!(info instanceof Error), String(info));
  assert.equal(info.family, 'BK7231N');
  assert.equal(info.chipId, 0x7231d);
  assert.equal(info.identifiedBy, 'bootloader content');
  assert.ok(info.evidence.some(([label]) => label === 'marker at 0x110'));
});

test('bytes that cannot tell: the error shows the CRC and lists the --chip candidates; --chip is then taken', { skip: noCorpus }, async () => {
  const image = corpus('more', 'OpenBK7231U_QIO_1.18.300.bin').slice();
  for (let i = 0; i < 0x11000; i++) image[i] = (i * 37 + (i >> 8)) & 0xff; // no CRC blocks, no key, no table
  const options: ChipOptions = { family: 'BK7231U', image };
  const { info } = await identifyOn(options);
  assert.ok(info instanceof WrongChipError, String(info));
  assert.match(info.message, /bootloader CRC 0x[0-9A-F]{8}/);
  assert.match(info.message, /--chip .*bk7231t, bk7231u, bk7252, bk7231q/);
  const chosen = await identifyOn(options, 'BK7231U');
  assert.ok(!(chosen.info instanceof Error), String(chosen.info));
  assert.equal(chosen.info.family, 'BK7231U');
  assert.equal(chosen.info.identifiedBy, '--chip');
});

test('content that contradicts --chip is refused with the evidence', { skip: noCorpus }, async () => {
  const image = corpus('more', 'OpenBK7231U_QIO_1.18.300.bin');
  const { info } = await identifyOn({ family: 'BK7231U', image }, 'BK7252');
  assert.ok(info instanceof WrongChipError);
  assert.match(info.message, /BK7231U \(by its bootloader content\), not BK7252/);
});

test('line noise never yields a wrong chip or a wrong size: identification either agrees with the chip or says the line is bad', { skip: noCorpus }, async () => {
  const image = corpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  let identified = 0;
  for (const seed of [1, 2, 3, 4]) {
    const { info } = await identifyOn({ family: 'BK7231N', image, faults: { corruptRate: 0.08, seed } }, null, 250);
    if (info instanceof Error) {
      assert.ok(info instanceof ProtocolError, `seed ${seed}: ${info.name}: ${info.message}`);
      continue;
    }
    identified++;
    assert.equal(info.family, 'BK7231N', `seed ${seed}`);
    assert.equal(info.flashId, 'EB6015', `seed ${seed}`);
    assert.equal(info.flashSize, 0x200000, `seed ${seed}`);
    assert.equal(info.bootloader, 'bl_bk7231n_1.0.1', `seed ${seed}`);
  }
  assert.ok(identified >= 2, `identified ${identified} of 4`);
});

test('a bootloader chip on a noisy line still probes its real size', { skip: noCorpus }, async () => {
  const image = corpus('beken', 'Brilo_8464455_Ceiling_Light.bin');
  for (const seed of [11, 12, 13]) {
    const { info } = await identifyOn({ family: 'BK7231T', image, bootVersion: 'BK7231S_1.0.5', faults: { corruptRate: 0.15, seed } }, null, 250);
    if (info instanceof Error) {
      assert.ok(info instanceof ProtocolError, `seed ${seed}: ${info.message}`);
      continue;
    }
    assert.equal(info.flashSize, 0x200000, `seed ${seed}`);
    assert.equal(info.family, 'BK7231T', `seed ${seed}`);
  }
});

test('dead flash (id 000000) and a read-protected flash are diagnosed plainly', { skip: noCorpus }, async () => {
  const image = corpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const dead = await identifyOn({ family: 'BK7231N', image, flashId: Uint8Array.from([0, 0, 0]) });
  assert.ok(dead.info instanceof ProtocolError);
  assert.match(dead.info.message, /id 000000: the chip talks, but its SPI flash does not respond.*Power-cycle/);
  const locked = await identifyOn({ family: 'BK7231N', image, readProtected: true });
  assert.ok(!(locked.info instanceof Error), String(locked.info));
  assert.match(locked.info.warnings.join('\n'), /reads as all 0x00: .*read-protected/);
});

test('a protected flash is reported, and a whole read through connectHost stays bit-exact', { skip: noCorpus }, async () => {
  const image = corpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const emu = await startEmulatedChip({ family: 'BK7231N', image, statusRegister: 0x1c });
  const host = await connectHost(emu.hostPath);
  try {
    assert.equal(host.info.protection?.protected, true);
    assert.match(host.info.warnings.join('\n'), /protect bits are set/);
    const out = new Uint8Array(0x20000);
    await readRange(host, 0, out.length, (at, data) => out.set(data, at));
    assert.ok(Buffer.from(out).equals(Buffer.from(image.subarray(0, out.length))));
  } finally {
    await host.close();
    await emu.close();
  }
});
