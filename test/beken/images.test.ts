import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TUYA_KEY, ZERO_KEY } from '../../src/formats/beken/cipher.js';
import { packCrcPartition } from '../../src/formats/beken/packager.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { appCode, bootloaderCode, flashDump, SAMPLE_N, SAMPLE_T } from '../../scripts/samples/beken.js';

test('an old 1 MiB OpenBeken-T QIO (app section 0xEF000, trailer off the block grid) is a QIO', () => {
  const { code, falOffset } = bootloaderCode(SAMPLE_T);
  const image = new Uint8Array(0x100000);
  image.set(packCrcPartition(code, { key: TUYA_KEY, logicalBase: 0, physLength: 0x11000, name: 'bootloader', timestamp: 1, plainIslands: [[falOffset, code.length]] }));
  image.set(packCrcPartition(appCode(SAMPLE_T), { key: TUYA_KEY, logicalBase: 0x10000, physLength: 0xef000, name: 'app', timestamp: 2 }), 0x11000);
  const report = inspectImage(image);
  assert.deepEqual([report.kind, report.family, report.app?.name, report.verdict.restorable], ['qio', 'BK7231T', 'bk7231s_fwkit_sample_light', true]);
  assert.deepEqual(report.verdict.problems, []);
});

test('a plaintext (zero-key) N-layout dump without a version string is a BK7231M', () => {
  const device = { ...SAMPLE_N, key: ZERO_KEY, bootloaderVersion: 'none', appName: 'fwkit_sample' };
  const report = inspectImage(flashDump(device));
  assert.equal(report.kind, 'full-dump');
  assert.equal(report.family, 'BK7231M');
  assert.equal((report.bootloader?.key as { source: string }).source, 'plaintext');
  assert.equal(report.verdict.restorable, true);
});

test('a T app placed behind an N bootloader is flagged as mixed chips', () => {
  const n = flashDump(SAMPLE_N);
  const t = flashDump(SAMPLE_T);
  n.set(t.subarray(0x11000, 0x129f70), 0x11000);
  const report = inspectImage(n);
  assert.equal(report.family, 'BK7231N');
  assert.match(report.verdict.warnings.join(' '), /Tuya firmware name \(bk7231s_fwkit_sample_light\) points to BK7231T, but the bootloader version says BK7231N/);
});

test('a bootloader partition alone (CRC-framed, 0x11000 bytes) is a bootloader with its version and family', () => {
  const report = inspectImage(flashDump(SAMPLE_N).subarray(0, 0x11000));
  assert.deepEqual([report.kind, report.family, report.bootloader?.version], ['bootloader', 'BK7231N', 'BK7231N_1.0.1']);
  assert.equal(report.verdict.restorable, true);
  assert.match(report.verdict.warnings.join(' '), /only with --overwrite-bootloader/);
});

test('a dump cut just past its bootloader is partial with no app', () => {
  const report = inspectImage(flashDump(SAMPLE_N).subarray(0, 0x12000));
  assert.equal(report.kind, 'partial');
  assert.equal(report.verdict.restorable, false);
  assert.match(report.verdict.problems.join(' '), /app partition is cut short/);
});

test('a dump with a damaged first bootloader block is still read through its app', () => {
  const dump = flashDump(SAMPLE_N);
  dump[3] ^= 0xff;
  const report = inspectImage(dump);
  assert.equal(report.kind, 'full-dump');
  assert.equal(report.app?.name, 'bk7231n_fwkit_sample_plug');
  assert.equal(report.verdict.restorable, false);
  assert.match(report.verdict.problems.join(' '), /bootloader fails its CRC in 1 block at 0x0/);
});

test('an OTA image waiting in the download partition is a warning', () => {
  const dump = flashDump(SAMPLE_N);
  dump.set(new TextEncoder().encode('RBL\0'), 0x12a000);
  const report = inspectImage(dump);
  assert.match(report.verdict.warnings.join(' '), /download partition holds an OTA image/);
});

test('a UA unpacks back to the exact app code it was packed from', async () => {
  const { unpackCrcPartition } = await import('../../src/formats/beken/packager.js');
  const code = appCode(SAMPLE_N);
  const ua = packCrcPartition(code, { key: TUYA_KEY, logicalBase: 0x10000, physLength: 0x118f70, name: 'app', timestamp: 3 });
  assert.deepEqual(unpackCrcPartition(ua, TUYA_KEY, 0x10000).code, code);
  ua[0x500] ^= 1;
  assert.throws(() => unpackCrcPartition(ua, TUYA_KEY, 0x10000), /CRC mismatch in 1 block/);
});
