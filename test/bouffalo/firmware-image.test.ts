import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { decodeBootHeader, encodeBootHeader, sealBootHeader } from '../../src/formats/bouffalo/boot-header.js';
import { templateHeader, unwrapFirmware, wrapFirmware } from '../../src/formats/bouffalo/firmware-image.js';
import { extractPart } from '../../src/formats/bouffalo/extract.js';
import { decodePartitionTable, encodePartitionTable } from '../../src/formats/bouffalo/partition-table.js';
import { inspectImage } from '../../src/formats/inspect.js';

const dump = readCorpus('bouffalo/bl602_openbeken_full.bin');
// The OpenBeken app is 787,860 bytes; the SDK padded it with zeros to 787,872 before hashing.
const OBK_APP_LENGTH = 787860;

test('wrapping the OpenBeken app with its own header settings rebuilds the FW slot exactly', { skip: noCorpus }, () => {
  const app = dump.slice(0x11000, 0x11000 + OBK_APP_LENGTH);
  const image = wrapFirmware(app, templateHeader(dump, 0x10000));
  assert.equal(image.length, 0x1000 + 787872);
  assert.deepEqual(image, dump.subarray(0x10000, 0x10000 + image.length));
  assert.deepEqual(unwrapFirmware(image).subarray(0, OBK_APP_LENGTH), app);
});

test('a RAM-image or signed header is refused as a template', { skip: noCorpus }, () => {
  const header = decodeBootHeader(dump, 0x10000);
  const ram = encodeBootHeader(sealBootHeader({ ...header, bootConfig: header.bootConfig & ~(1 << 8) }));
  assert.throws(() => templateHeader(ram), /RAM image/);
  const signed = encodeBootHeader(sealBootHeader({ ...header, bootConfig: header.bootConfig | 1 }));
  assert.throws(() => templateHeader(signed), /offset 0x74: .*signed or encrypted/);
});

test('extract finds parts through the active table and refuses what is not there', { skip: noCorpus }, () => {
  assert.deepEqual([extractPart(dump, 'PSM').offset, extractPart(dump, 'PSM').bytes.length], [0x1e9000, 0x8000]);
  assert.equal(extractPart(dump, 'table').bytes.length, 272);
  assert.equal(extractPart(dump, 'boot2').bytes.length, 0x2000 + 39312);
  assert.throws(() => extractPart(dump, 'PSM', 1), /partition PSM has no slot 1/);
  assert.throws(() => extractPart(dump, 'firmware', 1), /offset 0xD8000: FW slot 1 holds no firmware image/);
});

test('a BL702 layout with boot2 in ROM (tables at 0x1000/0x2000, FW at 0x3000) is read from what its header names', { skip: noCorpus }, () => {
  const fwHeader = decodeBootHeader(dump, 0x10000);
  const app = dump.subarray(0x11000, 0x11000 + 0x4000);
  const firmware = wrapFirmware(app, fwHeader);
  const boot = sealBootHeader({ ...decodeBootHeader(firmware), bootConfig: fwHeader.bootConfig | (1 << 19), partitionTableAddresses: [0x1000, 0x2000] });
  const table = encodePartitionTable({
    version: 0,
    age: 0,
    entries: [
      { ...decodePartitionTable(dump, 0xe000).entries[0], address: [0x3000, 0], maxLength: [0x10000, 0] },
    ],
  });
  const flash = new Uint8Array(0x20000).fill(0xff);
  flash.set(encodeBootHeader(boot));
  flash.set(table, 0x1000);
  flash.set(table, 0x2000);
  flash.set(firmware, 0x3000);
  const report = inspectImage(flash);
  assert.equal(report.family, 'BL702');
  assert.deepEqual((report.partitionTables as { offsets: number[] }).offsets, [0x1000, 0x2000]);
  assert.equal(report.app!.imageOffset, 0x4000);
  assert.equal(report.app!.hash, 'ok');
  assert.equal(report.bootloader!.hash, 'not-applicable');
  assert.deepEqual(report.verdict.problems, []);
});
