import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { decodePartitionTable, encodePartitionTable } from '../../src/formats/bouffalo/partition-table.js';

// One real dump, read once; every case damages its own copy.
const dump = readCorpus('bouffalo/bl602_openbeken_full.bin');
const FW_IMAGE_END = 0x11000 + 787872;

function damaged(change: (copy: Uint8Array) => void): Uint8Array {
  const copy = dump.slice();
  change(copy);
  return copy;
}

function problems(data: Uint8Array): string {
  return inspectImage(data).verdict.problems.join('\n');
}

test('a dump cut to 1 MiB is partial and says why', { skip: noCorpus }, () => {
  const report = inspectImage(dump.subarray(0, 0x100000));
  assert.equal(report.kind, 'partial');
  assert.equal(report.verdict.restorable, false);
  assert.match(problems(dump.subarray(0, 0x100000)), /file is 0x100000 bytes but the partition table reaches 0x1FF000: the dump is cut short/);
});

test('a damaged first table copy falls back to the second, with a warning', { skip: noCorpus }, () => {
  const report = inspectImage(damaged((d) => (d[0xe020] ^= 1)));
  assert.equal(report.verdict.restorable, true);
  assert.deepEqual((report.partitionTables as { active: number }).active, 0xf000);
  assert.match(report.verdict.warnings.join('\n'), /table at 0xE000 has a bad entries CRC; boot2 uses the copy at 0xF000/);
});

test('with both table copies damaged the dump is not restorable', { skip: noCorpus }, () => {
  const data = damaged((d) => {
    d[0xe020] ^= 1;
    d[0xf008] ^= 1;
  });
  assert.match(problems(data), /no valid partition table: the partition table at 0xE000 has a bad entries CRC; the partition table at 0xF000 has a bad header CRC/);
});

test('one changed byte in the firmware fails its SHA-256', { skip: noCorpus }, () => {
  assert.match(problems(damaged((d) => (d[0x20000] ^= 1))), /firmware \(slot 0\) image at 0x11000\.\.0xD15A0 does not match the SHA-256/);
});

test('a changed byte in boot2 fails its SHA-256, and an erased boot header is named', { skip: noCorpus }, () => {
  assert.match(problems(damaged((d) => (d[0x3000] ^= 1))), /boot2 image at 0x2000\.\.0xB990 does not match/);
  const headless = inspectImage(damaged((d) => d.fill(0xff, 0, 0x1000)));
  assert.equal(headless.vendor, 'bouffalo');
  assert.match(headless.verdict.problems.join('\n'), /no boot header \("BFNP"\) at offset 0/);
});

test('an erased firmware slot and a wiped factory tree are problems of a full dump', { skip: noCorpus }, () => {
  assert.match(problems(damaged((d) => d.fill(0xff, 0x10000, FW_IMAGE_END))), /firmware \(slot 0\) at 0x10000 is erased/);
  assert.match(problems(damaged((d) => d.fill(0xff, 0x1f8000, 0x1f9000))), /factory partition at 0x1F8000 holds no device tree/);
});

test('a newer table copy that selects FW slot 1 sends the check to slot 1', { skip: noCorpus }, () => {
  const table = decodePartitionTable(dump, 0xe000);
  const newer = encodePartitionTable({
    ...table,
    age: table.age + 1,
    entries: table.entries.map((e) => (e.name === 'FW' ? { ...e, activeIndex: 1 } : e)),
  });
  const data = damaged((d) => {
    d.fill(0xff, 0xf000, 0x10000);
    d.set(newer, 0xf000);
    d.fill(0xff, 0xd8000, 0xd9000);
  });
  const report = inspectImage(data);
  assert.equal((report.partitionTables as { active: number }).active, 0xf000);
  assert.match(report.verdict.warnings.join('\n'), /the two partition-table copies differ \(ages 0 and 1/);
  assert.match(report.verdict.problems.join('\n'), /firmware \(slot 1\) at 0xD8000 is erased/);
});

test('a firmware partition image alone is a bl-firmware file with its image 4 KiB in', { skip: noCorpus }, () => {
  const report = inspectImage(dump.subarray(0x10000, FW_IMAGE_END));
  assert.equal(report.kind, 'bl-firmware');
  assert.equal(report.family, 'BL602', 'the SDK code prints its chip name');
  assert.equal(report.app!.imageOffset, 0x1000);
  assert.equal(report.app!.hash, 'ok');
  assert.equal(report.verdict.restorable, true);
});

test('a boot2 image alone keeps its code at img_start', { skip: noCorpus }, () => {
  const report = inspectImage(dump.subarray(0, 0xb990));
  assert.equal(report.kind, 'bl-boot2', 'its code says Boot2');
  assert.equal(report.app!.imageOffset, 0x2000);
  assert.equal(report.app!.hash, 'ok');
});

test('a boot header cut short is a bad file, not a guess', { skip: noCorpus }, () => {
  assert.throws(() => inspectImage(dump.subarray(0, 100)), /offset 0x0: a boot header needs 176 bytes but only 100 remain/);
});

test('the OpenBeken config counts only in a live EasyFlash record of PSM', { skip: noCorpus }, () => {
  const record = 0x1e9078; // the mY0bcFg record; its 5 status bytes are 00 00 FF FF FF (valid)
  assert.deepEqual(inspectImage(dump).obk, { found: true, offset: 0x1e909b, storage: 'EasyFlash key mY0bcFg in PSM', length: 3584 });
  assert.equal(inspectImage(damaged((d) => (d[record + 2] = 0))).obk.found, true, 'pre-delete: an update cut short still holds it');
  assert.equal(inspectImage(damaged((d) => d.fill(0, record + 2, record + 4))).obk.found, false, 'deleted');
  assert.equal(inspectImage(damaged((d) => (d[0x1e909b + 200] ^= 1))).obk.found, false, 'the config CRC-8 fails');
});
