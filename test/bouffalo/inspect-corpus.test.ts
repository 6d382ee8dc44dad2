import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusPath } from '../support/paths.js';
import { inspectImage } from '../../src/formats/inspect.js';
import type { InspectReport } from '../../src/formats/report.js';

/** The corpus's own description of each real file (field names as the corpus writes them). */
interface Expected {
  file: string;
  kind: string;
  family: string;
  size?: number;
  boot2?: { offset: number; header_crc: string; hash: string; img_start?: number; img_len?: number };
  partition_tables?: { offsets?: number[]; valid?: number; entries?: number; crc?: string };
  partitions?: Array<Record<string, unknown>>;
  firmware?: { header_offset: number; image_offset: number; hash: string; img_len?: number };
  warnings_expected?: string[];
  factory_fdt?: { offset: number; totalsize: number };
  obk?: { found: boolean; storage?: string; length?: number };
  ota?: { magic: string; type: string; hw_version: string; payload_sha256: string };
}

const entries = (JSON.parse(readFileSync(corpusPath('bouffalo/expected.json'), 'utf8')) as { entries: Expected[] }).entries;

/**
 * Where expected.json disagrees with the bytes, the bytes win. Both 2 MiB dumps store PSM at 0x1E9000
 * (table entry bytes 00 90 1E 00 at 0xE08C, valid CRCs, and the spec's verified table says the same),
 * while expected.json lists 0x1E5000.
 */
const CORRECTED_PSM_ADDRESS = 0x1e9000;

function corrected(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return rows.map((row) => (row.name === 'PSM' ? { ...row, address0: CORRECTED_PSM_ADDRESS } : row));
}

function field<T>(report: InspectReport, key: string): T {
  return report[key] as T;
}

for (const expected of entries) {
  test(`inspect ${expected.file} matches the corpus description`, () => {
    const report = inspectImage(new Uint8Array(readFileSync(corpusPath('bouffalo', expected.file))));
    assert.equal(report.vendor, 'bouffalo');
    assert.equal(report.kind, expected.kind);
    // A lone partition table carries no chip marker, so fwkit leaves its family open.
    if (expected.kind !== 'bl-partition-table') assert.equal(report.family, expected.family);
    if (expected.size !== undefined) assert.equal(report.size, expected.size);

    if (expected.boot2) {
      const boot2 = report.bootloader!;
      assert.equal(boot2.headerOffset, expected.boot2.offset);
      assert.equal(boot2.headerCrc, expected.boot2.header_crc);
      assert.equal(boot2.hash, expected.boot2.hash);
      if (expected.boot2.img_start !== undefined) assert.equal(boot2.imageStart, expected.boot2.img_start);
      if (expected.boot2.img_len !== undefined) assert.equal(boot2.imageLength, expected.boot2.img_len);
    }
    const tables = field<Record<string, unknown>>(report, 'partitionTables');
    if (expected.partition_tables?.offsets) assert.deepEqual(tables.offsets, expected.partition_tables.offsets);
    if (expected.partition_tables?.valid !== undefined) assert.equal(tables.valid, expected.partition_tables.valid);
    if (expected.partition_tables?.entries !== undefined) assert.equal(report.partitions.length, expected.partition_tables.entries);
    if (expected.partition_tables?.crc) assert.equal(tables.crc, expected.partition_tables.crc);
    if (expected.partitions) {
      const keys = ['name', 'address0', 'max0', 'address1', 'max1'];
      const pick = (row: Record<string, unknown>) => Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]));
      assert.deepEqual(report.partitions.map(pick), corrected(expected.partitions));
    }
    if (expected.firmware) {
      const app = report.app!;
      assert.equal(app.headerOffset, expected.firmware.header_offset);
      assert.equal(app.imageOffset, expected.firmware.image_offset);
      assert.equal(app.hash, expected.firmware.hash);
      if (expected.firmware.img_len !== undefined) assert.equal(app.imageLength, expected.firmware.img_len);
    }
    if (expected.factory_fdt) {
      assert.deepEqual(field(report, 'factoryFdt'), { offset: expected.factory_fdt.offset, totalSize: expected.factory_fdt.totalsize });
    }
    if (expected.ota) {
      const ota = field<Record<string, unknown>>(report, 'ota');
      assert.equal(ota.type, expected.ota.type);
      assert.equal(ota.hardwareVersion, expected.ota.hw_version);
      assert.equal(ota.payloadSha256, expected.ota.payload_sha256);
    }
    if (expected.obk) {
      const { found, storage, length } = report.obk;
      assert.deepEqual({ found, storage, length }, { storage: undefined, length: undefined, ...expected.obk });
    }
    assert.deepEqual(report.verdict.problems, []);
    assert.equal(report.verdict.restorable, true);
    for (const warning of expected.warnings_expected ?? []) assert.ok(report.verdict.warnings.includes(warning), `warning "${warning}" in ${report.verdict.warnings}`);
  });
}
