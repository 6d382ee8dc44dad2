import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { addCrc } from '../../src/formats/beken/blocks.js';
import { cryptWords, TUYA_KEY, ZERO_KEY } from '../../src/formats/beken/cipher.js';
import { fnv1a32 } from '../../src/formats/beken/checksums.js';
import { findFalTable } from '../../src/formats/beken/fal.js';
import { packCrcPartition } from '../../src/formats/beken/packager.js';
import { checkCrcPartition, decryptCode, TRAILER_PHYS_SIZE } from '../../src/formats/beken/partition.js';
import { encodeRblHeader } from '../../src/formats/beken/rbl.js';
import { inspectImage } from '../../src/formats/inspect.js';
import type { InspectReport } from '../../src/formats/report.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

/** Variants made from real files of ../shared/corpus/more: what a user meets besides the files as shipped. */
const skip = !hasCorpus && 'no ../shared/corpus beside the clone';
const more = (name: string): Uint8Array => new Uint8Array(readFileSync(corpusPath('more', name)));
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const evidence = (r: InspectReport) => r.familyEvidence as { candidates: string[]; evidence: Array<{ signal: string; value: string; fits: string[]; weight: number }> };
const keyOf = (r: InspectReport) => r.bootloader?.key as { name: string | null; source: string };

/** A raw plain bootloader as flash holds it under `key`: the FAL table and the N marker stay in clear. */
function encryptBootloader(raw: Uint8Array, key = TUYA_KEY): Uint8Array {
  const fal = findFalTable(raw)!;
  const out = cryptWords(raw, 0, key);
  out.set(raw.subarray(fal.offset, fal.offset + fal.partitions.length * 64), fal.offset);
  if (raw[0x100] === 0x42) out.set(raw.subarray(0x100, 0x108), 0x100);
  return out;
}

test('a plain N bootloader encrypted with the Tuya key: raw, then CRC-framed (its 257-byte fingerprint matches)', { skip }, () => {
  const plain = more('bl_bk7231n_1.0.1_raw.bin');
  const encrypted = encryptBootloader(plain);
  const raw = inspectImage(encrypted);
  assert.deepEqual([raw.kind, raw.family, raw.bootloader?.version, keyOf(raw).name, raw.verdict.restorable], ['bootloader', 'BK7231N', 'BK7231N_1.0.1', 'Tuya', false]);
  assert.match(raw.verdict.problems.join(), /raw bootloader without CRC framing/);

  const framed = inspectImage(packCrcPartition(encrypted, { key: ZERO_KEY, logicalBase: 0, physLength: 0x11000, name: 'bootloader', timestamp: 1 }));
  assert.deepEqual([framed.kind, framed.family, framed.bootloader?.version, framed.bootloader?.tableName], ['bootloader', 'BK7231N', 'BK7231N_1.0.1', 'bl_bk7231n_1.0.1']);
  assert.equal(framed.verdict.restorable, true, framed.verdict.problems.join());
  assert.ok(evidence(framed).evidence.some((e) => e.signal === 'bootloader CRC fingerprint (257 bytes)' && e.fits.join() === 'BK7231N'));
});

test('the same N bootloader left plain (zero key) and framed is a BK7231M: the key is all that tells them apart', { skip }, () => {
  const framed = inspectImage(packCrcPartition(more('bl_bk7231n_1.0.1_raw.bin'), { key: ZERO_KEY, logicalBase: 0, physLength: 0x11000, name: 'bootloader', timestamp: 1 }));
  assert.deepEqual([framed.kind, framed.family, keyOf(framed).source], ['bootloader', 'BK7231M', 'plaintext']);
  const plainRaw = inspectImage(more('bl_bk7231n_1.0.1_raw.bin'));
  assert.equal(plainRaw.bootloader?.tableName, 'bl_bk7231n_1.0.1', 'a raw plaintext N bootloader is fingerprinted in its Tuya-key form');
});

test('a raw BK7251 bootloader framed into CRC blocks reads like the CRC-framed SDK file: same family and version', { skip }, () => {
  const raw = inspectImage(more('bl_bk7251_uart1_v1.0.15_raw.bin'));
  const framed = inspectImage(addCrc(more('bl_bk7251_uart1_v1.0.15_raw.bin')));
  for (const r of [raw, framed]) assert.deepEqual([r.kind, r.family, r.bootloader?.version], ['bootloader', 'BK7252', 'BK7251 _1.0.15']);
  assert.deepEqual([raw.bootloader?.framed, framed.bootloader?.framed, framed.verdict.restorable], [false, true, true]);
});

test('the T bootloader decrypted to plain is still a BK7231T bootloader, now zero-key', { skip }, () => {
  const encrypted = more('bl_bk7231t_tuya_1.0.5_enc.bin');
  const plain = encryptBootloader(encrypted, TUYA_KEY); // the cipher is its own inverse
  const report = inspectImage(plain);
  assert.deepEqual([report.kind, report.bootloader?.version, keyOf(report).source], ['bootloader', 'BK7231S_1.0.5', 'plaintext']);
  assert.equal(report.family, 'BK7231T', 'the version string outweighs the zero key');
  assert.ok(evidence(report).evidence.some((e) => e.signal === 'flash key' && !e.fits.includes('BK7231T')), 'the key evidence disagrees and is shown');
});

test('bootloader version forms: a chip field at 0x100 (BK7238, BK7252N) and an unsupported chip string (BK7236)', { skip }, () => {
  const base = more('bl_bk7231u_uart1_v1.0.15_raw.bin');
  const withField = (field: string): Uint8Array => {
    const copy = base.slice();
    copy.set(latin1(field.padEnd(8, '\0')), 0x100);
    return copy;
  };
  const t1 = inspectImage(withField('BK7238'));
  assert.deepEqual([t1.family, t1.bootloader?.version, t1.bootloader?.versionSource], ['BK7238', 'BK7238 _1.0.15', 'chip-field']);
  const t4 = inspectImage(withField('BK7252n'));
  assert.deepEqual([t4.family, t4.bootloader?.version], ['BK7252N', 'BK7252n _1.0.15']);

  const t3 = base.slice();
  t3.set(latin1('BK7236\0'), 0x1714);
  const report = inspectImage(t3);
  assert.equal(report.family, 'BK7236');
  assert.equal(report.bootloader?.version, 'BK7236 _1.0.15');
  assert.match(report.verdict.problems.join(), /BK7236, a chip fwkit does not support/);
  assert.equal((report.familyEvidence as { supported: boolean }).supported, false);
});

test('a U QIO padded up to its OpenBeken config sector is still a QIO, with what follows reported; other data after it is a cut dump', { skip }, () => {
  const qio = more('OpenBK7231U_QIO_1.18.300.bin');
  const config = more('OpenBK7231N_QIO_1.18.300_obkStartupCommand_setPinRolePWMdual.bin').subarray(0x1d1000, 0x1d2000);
  const padded = new Uint8Array(0x1e2000).fill(0xff);
  padded.set(qio);
  padded.set(config, 0x1e1000);
  const report = inspectImage(padded);
  assert.deepEqual([report.kind, report.family, report.obk.found, report.obk.offset, report.verdict.restorable], ['qio', 'BK7231U', true, 0x1e1000, true]);
  const tail = report.tail as { from: number; regions: Array<{ offset: number; content: string }> };
  assert.equal(tail.from, 0x132000);
  assert.deepEqual(tail.regions.map((r) => [r.offset, r.content]), [[0x132000, 'erased'], [0x1e1000, 'obk-config']]);

  padded[0x150000] = 0x42;
  const cut = inspectImage(padded);
  assert.equal(cut.kind, 'partial');
  assert.match(cut.verdict.problems.join(), /holds data past the app partition .*0x150000-0x150FFF data.*the dump is truncated/);
});

test('a UA cut short, and one whose trailer header is damaged, are not restorable', { skip }, () => {
  const ua = more('OpenBK7231N_UA_1.18.287.bin');
  for (const end of [0xc0000, 0x100000]) {
    // Cut inside the code, and inside the erased fill after it: a UA alone must end with its trailer.
    const short = inspectImage(ua.subarray(0, end));
    assert.deepEqual([short.kind, short.verdict.restorable], ['ua', false]);
    assert.match(short.verdict.problems.join(), /does not end with an RBL trailer: it is cut short/);
  }
  const late = inspectImage(ua.subarray(0, 0x100000));
  assert.deepEqual([late.family, late.app?.name, late.app?.version], ['BK7231N', 'OpenBK7231N', '1.18.287']);

  const damaged = ua.slice();
  damaged[ua.length - TRAILER_PHYS_SIZE + 40] ^= 0x01; // a byte of the version field: the block CRC and the info CRC both fail
  const report = inspectImage(damaged);
  assert.equal(report.verdict.restorable, false);
  assert.match(report.verdict.problems.join(), /fails its CRC|trailer header is damaged/);
});

/** The 10-gang TuyaOS 3.x dump with its app trailer replaced: erased, or a copy of an OTA header. */
function withAppTrailer(trailer: Uint8Array | null): Uint8Array {
  const dump = more('BK7231N_Tuya_10Gang_WallSwitch_TuyaMCU_3.1.28.bin');
  const at = 0x129f70 - TRAILER_PHYS_SIZE;
  if (trailer) dump.set(addCrc(trailer, { keepErased: false }), at);
  else dump.fill(0xff, at, 0x129f70);
  return dump;
}

test('a TuyaOS app without an RBL trailer but every block valid is restorable with a warning', { skip }, () => {
  const report = inspectImage(withAppTrailer(null));
  assert.equal(report.kind, 'full-dump');
  assert.equal(report.verdict.restorable, true, report.verdict.problems.join());
  assert.equal(report.app?.trailerState, 'missing');
  assert.match(report.verdict.warnings.join(), /no RBL trailer .* every CRC block is valid and the code decrypts/);

  const damaged = withAppTrailer(null);
  damaged[0x20000] ^= 0x10;
  const bad = inspectImage(damaged);
  assert.equal(bad.verdict.restorable, false, 'a damaged app is never restorable');
});

test('an app trailer that is a copy of the OTA header (post-OTA) is named and checked against the decrypted code', { skip }, () => {
  const dump = more('BK7231N_Tuya_10Gang_WallSwitch_TuyaMCU_3.1.28.bin');
  const app = checkCrcPartition(dump, 0x11000, 0x118f70, 0x10000);
  const code = decryptCode(app, TUYA_KEY);
  const ota = (hash: number): Uint8Array =>
    encodeRblHeader({ crypt: 2, compress: 1, timestamp: 1, name: 'app', version: '3.1.28', crc32: 0x12345678, hash, sizeRaw: code.length, sizePackage: 500000 });
  const report = inspectImage(withAppTrailer(ota(fnv1a32(code))));
  assert.equal(report.app?.trailerState, 'post-ota');
  assert.equal(report.verdict.restorable, true, report.verdict.problems.join());
  assert.match(report.verdict.warnings.join(), /copy of the OTA header/);
  const wrong = inspectImage(withAppTrailer(ota(fnv1a32(code) ^ 1)));
  assert.deepEqual([wrong.app?.trailerState, wrong.verdict.restorable], ['mismatch', false]);
});

test('app identity: OpenBeken release and custom builds, LibreTiny/ESPHome, and a BK7238 OpenBeken app', () => {
  const app = (strings: string): Uint8Array => {
    const bytes = new Uint8Array(0x400).fill(0x11);
    bytes.set([0x0e, 0, 0, 0xea, ...Array.from({ length: 7 }, () => [0x14, 0xf0, 0x9f, 0xe5]).flat()]);
    bytes.set(latin1(strings), 0x100);
    return bytes;
  };
  const t1 = inspectImage(app('\0OpenBK7238 1.18.300 Aug  2 2025 10:00:00\0'));
  assert.deepEqual([t1.kind, t1.family, t1.app?.name, t1.app?.version, t1.app?.firmware], ['app', 'BK7238', 'OpenBK7238', '1.18.300', 'OpenBeken']);
  const custom = inspectImage(app('\0OpenBK7231T_App\0OpenBK7231T_dev-ab12cd\0'));
  assert.deepEqual([custom.app?.name, custom.app?.version, custom.family], ['OpenBK7231T', 'dev-ab12cd', 'BK7231T']);
  const esphome = inspectImage(app('\0LibreTiny v1.7.0 on generic-bk7231n-qfn32-tuya, compiled at Jun  1 2024\0ESPHome\x002024.6.1\0'));
  assert.deepEqual([esphome.app?.name, esphome.app?.version, esphome.app?.firmware], ['ESPHome', '2024.6.1', 'ESPHome']);
  assert.equal(esphome.family, null, 'an N build runs on an M too: a plain app cannot tell them apart');
  assert.deepEqual(evidence(esphome).candidates.sort(), ['BK7231M', 'BK7231N']);
  assert.match(esphome.verdict.warnings.join(), /cannot be decided .* BK7231N, BK7231M/);
});
