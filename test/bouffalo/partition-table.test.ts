import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import {
  activeTableIndex,
  decodePartitionTable,
  encodePartitionTable,
  partitionTableWarnings,
} from '../../src/formats/bouffalo/partition-table.js';
import { FormatError } from '../../src/formats/errors.js';

const bytes = readCorpus('bouffalo/bl602_sdk_build/partition.bin');

test('decodes the SDK partition table (partition.bin)', { skip: noCorpus }, () => {
  const table = decodePartitionTable(bytes);
  assert.equal(table.byteLength, 272);
  assert.equal(table.headerCrcOk, true);
  assert.equal(table.entriesCrcOk, true);
  assert.deepEqual(
    table.entries.map((e) => [e.name, e.type, e.address[0], e.maxLength[0]]),
    [
      ['FW', 0, 0x10000, 0xc8000],
      ['mfg', 2, 0x160000, 0x32000],
      ['media', 3, 0x192000, 0x57000],
      ['PSM', 4, 0x1e9000, 0x8000],
      ['KEY', 5, 0x1f1000, 0x2000],
      ['DATA', 6, 0x1f3000, 0x5000],
      ['factory', 7, 0x1f8000, 0x7000],
    ],
  );
  assert.deepEqual(table.entries[0].address, [0x10000, 0xd8000]);
  assert.deepEqual(table.entries[0].maxLength, [0xc8000, 0x88000]);
});

test('encoding the decoded table reproduces partition.bin byte for byte', { skip: noCorpus }, () => {
  assert.deepEqual(encodePartitionTable(decodePartitionTable(bytes)), bytes);
});

test('damage shows in the CRC flags, not as an exception', { skip: noCorpus }, () => {
  const entryDamage = bytes.slice();
  entryDamage[40] ^= 1;
  assert.deepEqual([decodePartitionTable(entryDamage).headerCrcOk, decodePartitionTable(entryDamage).entriesCrcOk], [true, false]);
  const headerDamage = bytes.slice();
  headerDamage[8] ^= 1;
  assert.equal(decodePartitionTable(headerDamage).headerCrcOk, false);
});

test('refuses a missing magic, too many entries and a table cut short', { skip: noCorpus }, () => {
  assert.throws(() => decodePartitionTable(bytes, 4), (e: unknown) => e instanceof FormatError && e.offset === 4);
  const many = bytes.slice();
  many[6] = 17;
  assert.throws(() => decodePartitionTable(many), /17 entries/);
  assert.throws(() => decodePartitionTable(bytes.subarray(0, 200)), /needs 272 bytes/);
});

test('the active copy is the valid one with the higher age, copy 0 on a tie', { skip: noCorpus }, () => {
  const table = decodePartitionTable(bytes);
  const older = decodePartitionTable(encodePartitionTable({ ...table, age: 1 }));
  const newer = decodePartitionTable(encodePartitionTable({ ...table, age: 2 }));
  const broken = { ...newer, entriesCrcOk: false };
  assert.equal(activeTableIndex([older, newer]), 1);
  assert.equal(activeTableIndex([newer, older]), 0);
  assert.equal(activeTableIndex([older, older]), 0);
  assert.equal(activeTableIndex([older, broken]), 0);
  assert.equal(activeTableIndex([null, older]), 1);
  assert.equal(activeTableIndex([null, broken]), null);
});

test('warns about overlapping partitions and space past the flash end', { skip: noCorpus }, () => {
  const table = decodePartitionTable(bytes);
  assert.deepEqual(partitionTableWarnings(table, 0x200000), []);
  const overlapping = { ...table, entries: table.entries.map((e) => (e.name === 'mfg' ? { ...e, address: [0x150000, 0] as [number, number] } : e)) };
  assert.deepEqual(partitionTableWarnings(overlapping, null), ['partitions FW slot 1 and mfg overlap (0x150000..0x160000)']);
  assert.match(partitionTableWarnings(table, 0x100000).join('\n'), /factory \(0x1F8000\.\.0x1FF000\) reaches past the end/);
});
