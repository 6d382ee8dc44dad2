import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseToml } from 'smol-toml';
import { partitionTableFromConfig } from '../../src/formats/bouffalo/partition-config.js';
import { encodePartitionTable } from '../../src/formats/bouffalo/partition-table.js';
import { noCorpus, readCorpus } from '../support/paths.js';
import { sdkTableToml } from '../support/bl-table.js';

test('the SDK layout written as TOML encodes to the corpus partition.bin byte for byte', { skip: noCorpus }, () => {
  const table = encodePartitionTable(partitionTableFromConfig(parseToml(sdkTableToml)));
  assert.deepEqual(table, readCorpus('bouffalo/bl602_sdk_build/partition.bin'));
});

test('JSON with hex strings gives the same entries; missing or bad fields are named', () => {
  const json = { pt_entry: [{ type: 0, name: 'FW', address0: '0x10000', size0: '0xC8000', address1: '0xD8000', size1: 557056 }] };
  const table = partitionTableFromConfig(json);
  assert.deepEqual(table.entries[0].address, [0x10000, 0xd8000]);
  assert.deepEqual(table.entries[0].maxLength, [0xc8000, 0x88000]);
  assert.throws(() => partitionTableFromConfig({ pt_entry: [{ type: 0, name: 'FW', size0: 1 }] }), /pt_entry "FW" has no address0/);
  assert.throws(() => partitionTableFromConfig({ pt_entry: [{ type: 0, name: 'FW', address0: 'ten', size0: 1 }] }), /address0 = "ten" is not a 32-bit unsigned number/);
  assert.throws(() => partitionTableFromConfig({ pt_table: {} }), /no \[\[pt_entry\]\] list/);
});
