import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { samplePath } from '../support/paths.js';
import { runCliJson } from '../support/cli.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { decodeObkConfig } from '../../src/formats/obk/config.js';
import { findObkConfig } from '../../src/formats/obk/find-any.js';
import { splitFlashImage } from '../../src/formats/bouffalo/split.js';
import { assembleFromManifest } from '../../src/formats/bouffalo/reassemble.js';
import { BL602_SAMPLE_PARTITIONS, bouffaloSamples } from '../../scripts/samples/bouffalo.js';

const read = (name: string) => new Uint8Array(readFileSync(samplePath(name)));
const dump = read('bl602-dump.bin');

test('the committed BL602 samples are what the sample builders make', () => {
  for (const sample of bouffaloSamples()) assert.deepEqual(read(sample.file), sample.build(), `${sample.file} is stale: run npm run samples`);
});

test('inspect: the sample BL602 dump is a complete, restorable full dump with every check ok', () => {
  const report = inspectImage(dump);
  assert.deepEqual([report.vendor, report.kind, report.family, report.size], ['bouffalo', 'full-dump', 'BL602', 0x100000]);
  assert.deepEqual(report.verdict, { restorable: true, problems: [], warnings: [] });
  const { headerCrc, flashConfigCrc, clockConfigCrc, hash, imageOffset } = report.bootloader!;
  assert.deepEqual({ headerCrc, flashConfigCrc, clockConfigCrc, hash, imageOffset }, { headerCrc: 'ok', flashConfigCrc: 'ok', clockConfigCrc: 'ok', hash: 'ok', imageOffset: 0x2000 });
  // 0xBFFA bytes of application, padded with zeros to 16 as the SDK does.
  assert.deepEqual([report.app!.headerOffset, report.app!.imageOffset, report.app!.imageLength, report.app!.hash], [0x10000, 0x11000, 0xc000, 'ok']);
  assert.deepEqual(
    report.partitions.map((p) => [p.name, p.address0, p.max0, p.address1, p.max1]),
    BL602_SAMPLE_PARTITIONS.map((e) => [e.name, e.address[0], e.maxLength[0], e.address[1] || undefined, e.address[1] ? e.maxLength[1] : undefined]),
  );
  assert.deepEqual(report.partitionTables, { offsets: [0xe000, 0xf000], valid: 2, active: 0xe000, ages: [0, 0] });
  assert.equal((report.factoryFdt as { offset: number }).offset, 0xf8000);
  assert.equal(report.obk.found, true);
  const config = decodeObkConfig(dump, report.obk.offset!);
  assert.deepEqual([config.shortDeviceName, config.pins.map((p) => p.roleName)], ['obk-bl602-sample', ['Rel', 'Btn']]);
  // `fwkit obk` reads the same record, CRC and all, through the EasyFlash reader.
  const found = findObkConfig(dump);
  assert.deepEqual([found?.offset, found?.storage], [report.obk.offset, 'EasyFlash key mY0bcFg in PSM']);
});

test('inspect: the sample firmware image and OTA file pass their hash checks', () => {
  const firmware = inspectImage(read('bl602-firmware.bin'));
  assert.deepEqual([firmware.kind, firmware.family, firmware.app!.hash, firmware.app!.imageOffset, firmware.verdict.restorable], ['bl-firmware', 'BL602', 'ok', 0x1000, true]);
  const ota = runCliJson<{ kind: string; ota: Record<string, unknown>; app: Record<string, unknown> }>(['inspect', samplePath('bl602-fw.ota')]);
  assert.equal(ota.status, 0);
  assert.deepEqual([ota.json.kind, ota.json.ota.type, ota.json.ota.payloadSha256, ota.json.ota.payloadLength], ['bl-ota', 'RAW', 'ok', 0xd000]);
  assert.deepEqual([ota.json.app.hash, ota.json.app.headerOffset], ['ok', 512]);
});

test('the sample dump splits into its partitions and re-assembles byte for byte', () => {
  const { manifest, contents } = splitFlashImage(dump);
  assert.deepEqual(manifest.missing, []);
  assert.ok(manifest.files.every((f) => f.role !== 'gap'));
  const rebuilt = assembleFromManifest(manifest, (f) => contents.get(f.file)!);
  assert.equal(rebuilt.identical, true);
  assert.deepEqual(rebuilt.bytes, dump);
});
