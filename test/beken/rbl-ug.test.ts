import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRblFile, decodeRblHeader, encodeRblFile, encodeRblHeader, verifyTrailer, buildTrailer } from '../../src/formats/beken/rbl.js';
import { decodeUg, encodeUg, isUg } from '../../src/formats/beken/ug.js';
import { fnv1a32 } from '../../src/formats/beken/checksums.js';
import { fromHex, toHex } from '../support/bytes.js';
import { RBL_VECTOR_FILE, RBL_VECTOR_RAW } from '../support/rbl-vector.js';

const vectorRaw = RBL_VECTOR_RAW;
const vectorFile = RBL_VECTOR_FILE;

test('the synthetic OTA vector (§6.8) decodes: header, package CRC, AES-256-CBC, gzip, FNV-1a', () => {
  const rbl = decodeRblFile(vectorFile);
  assert.equal(rbl.problem, null);
  const h = rbl.header;
  assert.deepEqual([h.crypt, h.compress, h.timestamp, h.name, h.version, h.sizeRaw, h.sizePackage], [2, 1, 1700000000, 'app', '1.0.0', 120, 64]);
  assert.deepEqual([h.crc32, h.hash, h.infoCrc32, h.infoCrcValid], [0x6ae2c57d, 0xbd849d0d, 0xdb424703, true]);
  assert.ok(rbl.packageCrcValid && rbl.hashValid);
  assert.deepEqual(rbl.raw, vectorRaw);
});

test('our encoder round-trips and writes the same header fields', () => {
  const file = encodeRblFile(vectorRaw, { version: '1.0.0', timestamp: 1700000000 });
  const rbl = decodeRblFile(file);
  assert.deepEqual(rbl.raw, vectorRaw);
  assert.equal(rbl.header.hash, 0xbd849d0d);
  assert.equal(rbl.header.sizePackage % 16, 0);
});

test('a wrong AES key or a flipped package byte is reported, not thrown', () => {
  assert.match(decodeRblFile(vectorFile, { key: 'BDB4CE110F4787C2F539BF50E30A14E0' }).problem ?? '', /gzip|hash/);
  const damaged = vectorFile.slice();
  damaged[100] ^= 1;
  assert.match(decodeRblFile(damaged).problem ?? '', /CRC-32 does not match/);
  assert.match(decodeRblFile(vectorFile.subarray(0, 120)).problem ?? '', /truncated/);
});

test('the real Allegro app trailer: garbage after the NULs, checksum over the raw 92 bytes', () => {
  const header = decodeRblHeader(
    fromHex(`52424c00 00000000 44559261 61707000 07000000 00000000 00000000 312e3030 00c8df00 00000000
30100000 00000000 b0ffffff 30303030 30303030 30303030 30303030 30303030 30303000 f540fc6b
921a1e77 50880f00 60880f00 08a5e40d`),
  );
  assert.deepEqual(
    [header.crypt, header.timestamp, header.name, header.version, header.crc32, header.hash, header.sizeRaw, header.sizePackage, header.infoCrcValid],
    [0, 1636980036, 'app', '1.00', 0x6bfc40f5, 0x771e1a92, 1017936, 1017952, true],
  );
});

test('header encode/decode round trip', () => {
  const fields = { timestamp: 5, name: 'bootloader', version: '1.00', crc32: 1, hash: 2, sizeRaw: 3, sizePackage: 19 };
  const h = decodeRblHeader(encodeRblHeader(fields));
  assert.deepEqual([h.name, h.version, h.sn, h.sizePackage, h.infoCrcValid], ['bootloader', '1.00', '0'.repeat(23), 19, true]);
});

test('trailers check CRC-32 over the body plus virtual padding of value n, 0xFF, or none', () => {
  const body = new Uint8Array(1000).map((_, i) => i * 31);
  const trailer = decodeRblHeader(buildTrailer(body, 'app', 1));
  assert.equal(trailer.sizePackage - trailer.sizeRaw, 8);
  const partition = new Uint8Array(2000).fill(0xff);
  partition.set(body);
  const check = verifyTrailer(partition, trailer);
  assert.deepEqual([check.crcValid, check.hashValid, check.padding], [true, true, 'value']);
  partition[10] ^= 1;
  assert.deepEqual([verifyTrailer(partition, trailer).crcValid, verifyTrailer(partition, trailer).hashValid], [false, false]);
});

test('FNV-1a 32 of "a" and of nothing', () => {
  assert.equal(fnv1a32(new Uint8Array(0)), 0x811c9dc5);
  assert.equal(fnv1a32(new TextEncoder().encode('a')), 0xe40c292c);
});

test('the UG header for the vector file matches the spec bytes and decodes back', () => {
  const ug = encodeUg(vectorFile, '1.0.0');
  assert.equal(toHex(ug.subarray(0, 32)), '55aa55aa312e302e3000000000000000000000a000002e36000003efaa55aa55');
  assert.ok(isUg(ug));
  const decoded = decodeUg(ug);
  assert.deepEqual([decoded.version, decoded.payloadLength, decoded.headerSumValid, decoded.payloadSumValid], ['1.0.0', 160, true, true]);
  assert.deepEqual(decoded.payload, vectorFile);
});
