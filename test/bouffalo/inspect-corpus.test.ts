import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusPath, noCorpus } from '../support/paths.js';
import { runCliJson } from '../support/cli.js';
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
  note?: string;
  ota?: { magic: string; type: string; hw_version: string; payload_sha256: string };
}

const entries = noCorpus ? [] : (JSON.parse(readFileSync(corpusPath('bouffalo/expected.json'), 'utf8')) as { entries: Expected[] }).entries;

/** Every field expected.json uses; a new one makes the test fail until it is checked here. */
const CHECKED_FIELDS: Record<string, string[] | null> = {
  file: null,
  kind: null,
  family: null,
  size: null,
  note: null,
  boot2: ['offset', 'header_crc', 'hash', 'img_start', 'img_len'],
  partition_tables: ['offsets', 'valid', 'entries', 'crc'],
  partitions: ['name', 'address0', 'max0', 'address1', 'max1'],
  firmware: ['header_offset', 'image_offset', 'hash', 'img_len'],
  factory_fdt: ['offset', 'totalsize'],
  ota: ['magic', 'type', 'hw_version', 'payload_sha256'],
  warnings_expected: null,
  obk: ['found', 'storage', 'length'],
};

function assertAllFieldsChecked(expected: Expected): void {
  for (const [key, value] of Object.entries(expected)) {
    assert.ok(key in CHECKED_FIELDS, `expected.json field "${key}" is not checked`);
    const subKeys = CHECKED_FIELDS[key];
    const rows = Array.isArray(value) ? value : [value];
    if (subKeys) for (const row of rows) for (const sub of Object.keys(row as object)) assert.ok(subKeys.includes(sub), `expected.json field "${key}.${sub}" is not checked`);
  }
}

/** The PSM entry's address read straight from the table bytes at 0xE000 (16-byte header, 36-byte entries, name at +3, address at +12). */
function psmAddressInBytes(data: Uint8Array): number | undefined {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = v.getUint16(0xe006, true);
  for (let i = 0; i < count; i++) {
    const entry = 0xe000 + 16 + 36 * i;
    if (Buffer.from(data.subarray(entry + 3, entry + 7)).toString('latin1') === 'PSM\0') return v.getUint32(entry + 12, true);
  }
  return undefined;
}

/**
 * Where expected.json disagrees with the bytes, the bytes win. Both 2 MiB dumps store PSM at 0x1E9000
 * (entry bytes 00 90 1E 00 at 0xE08C, both tables with valid CRCs, and media 0x170000 + 0x79000 ends
 * there in the PineCone table), while expected.json lists 0x1E5000.
 */
function corrected(rows: Array<Record<string, unknown>>, data: Uint8Array): Array<Record<string, unknown>> {
  const psm = psmAddressInBytes(data);
  assert.equal(psm, 0x1e9000);
  return rows.map((row) => (row.name === 'PSM' ? { ...row, address0: psm } : row));
}

function field<T>(report: InspectReport, key: string): T {
  return report[key] as T;
}

test('the corpus descriptions of the Bouffalo files', { skip: noCorpus }, () => assert.ok(entries.length > 0));

for (const expected of entries) {
  test(`inspect ${expected.file} matches the corpus description`, { skip: noCorpus }, () => {
    assertAllFieldsChecked(expected);
    const path = corpusPath('bouffalo', expected.file);
    const data = new Uint8Array(readFileSync(path));
    // From the CLI, as a user sees it: exit 0 (restorable) and the JSON report.
    const { status, json: report } = runCliJson<InspectReport>(['inspect', path]);
    assert.equal(status, 0);
    assert.equal(report.vendor, 'bouffalo');
    assert.equal(report.kind, expected.kind);
    // A lone partition table carries no chip marker (BL702 with an external boot2 uses the same table
    // at the same place), so the bytes cannot say "BL602": fwkit leaves the family open there.
    assert.equal(report.family, expected.kind === 'bl-partition-table' ? null : expected.family);
    if (expected.note) {
      // "ends after the last byte written (0x1F9627)": the size, and what the verdict says about it.
      const end = Number(/\((0x[0-9A-F]+)\)/i.exec(expected.note)![1]);
      assert.equal(report.size, end);
      assert.ok(report.verdict.warnings.some((w) => w.includes(`merged image that ends at 0x${end.toString(16).toUpperCase()}`)), String(report.verdict.warnings));
    }
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
      assert.deepEqual(report.partitions.map(pick), corrected(expected.partitions, data));
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
      assert.equal(ota.magic, expected.ota.magic);
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
