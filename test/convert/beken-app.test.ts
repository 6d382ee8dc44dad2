import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptApp, encryptApp, plainAppProblems } from '../../src/formats/convert/beken-images.js';
import { packRbl, unpackRbl, unwrapUg, wrapUg } from '../../src/formats/convert/beken-ota.js';
import { readBekenSource } from '../../src/formats/convert/beken-source.js';
import { checkOutput } from '../../src/formats/convert/verify.js';
import { stripCrc } from '../../src/formats/beken/blocks.js';
import { decodeRblHeader } from '../../src/formats/beken/rbl.js';
import { unrotate } from '../../src/formats/beken/rotation.js';
import { encodeTrailerSidecar, readTrailerTemplate } from '../../src/formats/convert/beken-trailer.js';
import { corpusDumps, readDump } from './corpus-dumps.js';
import { readFileSync } from 'node:fs';
import { samplePath } from '../support/paths.js';
import { RBL_VECTOR_FILE, RBL_VECTOR_RAW } from '../support/rbl-vector.js';

/** Header bytes that the packager leaves uninitialised (after the NULs of name and version), and info_crc32 over them. */
function paddingOffsets(header: Uint8Array): Set<number> {
  const free = new Set<number>();
  const afterNul = (start: number, end: number) => {
    for (let i = header.subarray(start, end).indexOf(0) + start + 1; i < end; i++) free.add(i);
  };
  afterNul(0x0c, 0x1c);
  afterNul(0x1c, 0x34);
  for (let i = 0x5c; i < 0x60; i++) free.add(i);
  return free;
}

/** The dump's app partition as stored, 0x11000..0x129F70 in flash order (a rotated dump is put in order first). */
function physicalApp(file: string): Uint8Array {
  const data = readDump(file);
  return (readBekenSource(data).report.rotated ? unrotate(data) : data).subarray(0x11000, 0x129f70);
}

for (const dump of corpusDumps) {
  test(`decrypt -> encrypt reproduces the stored app, trailer fields included; RBL pack -> unpack: ${dump.file}`, () => {
    const source = readBekenSource(readDump(dump.file));
    const plain = decryptApp(source);
    assert.deepEqual(plain.problems, []);
    assert.deepEqual(plainAppProblems(plain.bytes, plain.expected), []);

    const ua = encryptApp(plain.bytes, { key: source.key!, timestamp: plain.expected!.timestamp });
    assert.deepEqual(ua.problems, []);
    const stored = source.appBytes;
    assert.equal(stored.length, 0x129f70 - 0x11000);
    const trailerAt = stored.length - 102;
    assert.ok(Buffer.from(ua.bytes.subarray(0, trailerAt)).equals(Buffer.from(stored.subarray(0, trailerAt))), 'code blocks differ');
    const [mine, theirs] = [ua.bytes, stored].map((b) => stripCrc(b.subarray(trailerAt)));
    const [h1, h2] = [mine, theirs].map((h) => decodeRblHeader(h));
    for (const field of ['name', 'version', 'timestamp', 'crc32', 'hash', 'sizeRaw', 'sizePackage'] as const) assert.equal(h1[field], h2[field], field);
    const free = paddingOffsets(theirs);
    for (let i = 0; i < 96; i++) if (mine[i] !== theirs[i]) assert.ok(free.has(i), `trailer byte ${i} differs outside the string padding`);

    // With the original trailer's raw fields, the whole app partition (0x11000..0x129F70) comes back byte for byte,
    // whether the facts come from decrypt itself, its sidecar, or the dump.
    const sidecar = new TextEncoder().encode(encodeTrailerSidecar(plain.trailer!));
    for (const trailerFrom of [plain.trailer!, readTrailerTemplate(sidecar), readTrailerTemplate(readDump(dump.file))]) {
      const exact = encryptApp(plain.bytes, { key: source.key!, trailerFrom });
      assert.deepEqual(exact.problems, []);
      assert.ok(Buffer.from(exact.bytes).equals(Buffer.from(physicalApp(dump.file))), 'the app partition differs');
    }
    assert.deepEqual(checkOutput(ua.bytes, 'ua').problems, []);

    const rbl = packRbl(plain.bytes, { version: dump.app!.version, timestamp: plain.expected!.timestamp });
    assert.deepEqual(rbl.problems, []);
    const unpacked = unpackRbl(rbl.bytes);
    assert.deepEqual(unpacked.problems, []);
    assert.ok(Buffer.from(unpacked.bytes).equals(Buffer.from(plain.bytes)));
    assert.deepEqual(checkOutput(rbl.bytes, 'rbl').report.app?.name, dump.app!.name);
  });
}

const vector = RBL_VECTOR_FILE;

test('the spec synthetic RBL vector unpacks, also through a UG wrapper', () => {
  const raw = RBL_VECTOR_RAW;
  const direct = unpackRbl(vector);
  assert.deepEqual([direct.bytes, direct.problems, direct.header.version], [raw, [], '1.0.0']);
  const ug = wrapUg(vector);
  assert.equal(Buffer.from(ug.bytes.subarray(0, 32)).toString('hex'), '55aa55aa312e302e3000000000000000000000a000002e36000003efaa55aa55');
  assert.deepEqual(unpackRbl(ug.bytes).bytes, raw);
  assert.deepEqual(unwrapUg(ug.bytes), { bytes: vector, problems: [] });
  const damaged = ug.bytes.slice();
  damaged[100] ^= 0x40;
  assert.match(unwrapUg(damaged).problems.join(), /payload byte-sum does not match/);
});

test('RBL pack with another AES key and IV unpacks only with them', () => {
  const raw = new Uint8Array(4000).map((_, i) => (i * 7) & 0xff);
  const options = { key: 'BDB4CE110F4787C2F539BF50E30A14E0', iv: 'FEDCBA9876543210', version: '2.0.0', timestamp: 1 };
  const rbl = packRbl(raw, options);
  assert.deepEqual(rbl.problems, []);
  assert.deepEqual(unpackRbl(rbl.bytes, options).bytes, raw);
  assert.throws(() => unpackRbl(rbl.bytes), /gzip stream \(wrong AES key or IV\?\)/);
});

test('any key: a plain app encrypted with a key of all three stages decrypts back only with that key', () => {
  const sample = readBekenSource(new Uint8Array(readFileSync(samplePath('bk7231n-ua.bin'))));
  const plain = decryptApp(sample).bytes;
  const key = [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x55000120] as const;
  const ua = encryptApp(plain, { key, timestamp: 1 });
  assert.deepEqual(ua.problems, []);
  const again = readBekenSource(ua.bytes, undefined, key);
  assert.equal(again.report.kind, 'ua');
  assert.deepEqual(again.report.verdict.problems, []);
  assert.match(again.report.verdict.warnings.join(), /not encrypted with the Tuya key nor plaintext/);
  assert.deepEqual(decryptApp(again).bytes, plain);
  assert.throws(() => readBekenSource(ua.bytes), /no Beken image was recognised in the file \(a UA encrypted with an unknown flash key needs --key\)/);
});
