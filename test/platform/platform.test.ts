import { test } from 'node:test';
import assert from 'node:assert/strict';
import { platform as nodePlatform } from '../../src/platform/node.js';
import { platform as browserPlatform } from '../../src/platform/browser.js';
import { gunzipWithin } from '../../src/formats/gunzip-within.js';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((pair) => parseInt(pair, 16)));
const ascii = (text: string) => new TextEncoder().encode(text);
const sides = [
  ['node', nodePlatform],
  ['browser', browserPlatform],
] as const;

for (const [name, platform] of sides) {
  test(`${name} platform: SHA-256 of the FIPS 180-2 "abc" vector`, () => {
    assert.equal(platform.hex(platform.sha256(ascii('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test(`${name} platform: AES-128-ECB both ways on the FIPS-197 vector`, () => {
    const key = hex('000102030405060708090a0b0c0d0e0f');
    const plain = hex('00112233445566778899aabbccddeeff');
    const cipher = platform.aesEcb('encrypt', key, plain);
    assert.equal(platform.hex(cipher), '69c4e0d86a7b0430d8cdb78070b4c55a');
    assert.deepEqual(platform.aesEcb('decrypt', key, cipher), plain);
  });

  test(`${name} platform: AES-256-CBC both ways on the SP 800-38A F.2.5 vector (no padding added)`, () => {
    const key = hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
    const iv = hex('000102030405060708090a0b0c0d0e0f');
    const plain = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');
    const cipher = platform.aesCbc('encrypt', key, iv, plain);
    assert.equal(platform.hex(cipher), 'f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d');
    assert.deepEqual(platform.aesCbc('decrypt', key, iv, cipher), plain);
  });

  test(`${name} platform: streaming gunzip of two gzip members fed in small pieces`, () => {
    const joined = new Uint8Array([...nodePlatform.gzip(ascii('first member, '), 9), ...nodePlatform.gzip(ascii('second'), 9)]);
    const out: number[] = [];
    const stream = platform.gunzipStream((chunk) => out.push(...chunk));
    for (let at = 0; at < joined.length; at += 7) stream.push(joined.subarray(at, at + 7), at + 7 >= joined.length);
    assert.equal(new TextDecoder().decode(new Uint8Array(out)), 'first member, second');
  });

  test(`${name} platform: CRC-32 check value, continued over two parts`, () => {
    assert.equal(platform.crc32(ascii('123456789')), 0xcbf43926);
    assert.equal(platform.crc32(ascii('56789'), platform.crc32(ascii('1234'))), 0xcbf43926);
  });

  test(`${name} platform: byte search, latin1 and equality`, () => {
    const data = Uint8Array.from([0x00, 0x62, 0x6b, 0x37, 0x32, 0xff, 0x80, 0x62, 0x6b, 0x37, 0x32]);
    assert.equal(platform.indexOfBytes(data, 'bk72'), 1);
    assert.equal(platform.indexOfBytes(data, 'bk72', 2), 7);
    assert.equal(platform.indexOfBytes(data, 'bk73'), -1);
    assert.equal(platform.indexOfBytes(data, Uint8Array.from([0xff, 0x80])), 5);
    assert.equal(platform.indexOfBytes(data, 0x80), 6);
    assert.equal(platform.latin1(data, 5, 7), '\u00ff\u0080');
    assert.equal(platform.latin1(data, 1, 5), 'bk72');
    assert.equal(platform.equal(data.subarray(1, 5), data.subarray(7, 11)), true);
    assert.equal(platform.equal(data.subarray(0, 5), data.subarray(6, 11)), false);
  });
}

test('gzip written by either side inflates to the same bytes', () => {
  const data = new Uint8Array(200_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
  for (const [, writer] of sides) {
    const packed = writer.gzip(data, 9);
    assert.deepEqual([packed[0], packed[1]], [0x1f, 0x8b]);
    assert.deepEqual(packed.subarray(4, 8), new Uint8Array(4), 'mtime 0');
    assert.ok(packed.length < data.length / 4);
    assert.deepEqual(gunzipWithin(packed, data.length), data);
  }
});

test('a damaged gzip stream throws', () => {
  const packed = nodePlatform.gzip(new Uint8Array(4096).fill(0x41), 9);
  assert.throws(() => gunzipWithin(packed.slice(0, packed.length - 12), 4096));
  assert.throws(() => gunzipWithin(new Uint8Array(0), 4096));
});
