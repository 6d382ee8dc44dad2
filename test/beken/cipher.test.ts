import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptWords, formatKey, keystream, parseKey, TUYA_KEY, ZERO_KEY, type BekenKey } from '../../src/formats/beken/cipher.js';
import { fromHex, toHex } from '../support/bytes.js';

function assertStream(key: BekenKey, expected: Record<number, number>): void {
  const ks = keystream(key);
  assert.ok(ks);
  for (const [address, value] of Object.entries(expected)) assert.equal(ks(Number(address)).toString(16).padStart(8, '0'), value.toString(16).padStart(8, '0'), `KS(0x${Number(address).toString(16)})`);
}

test('Tuya key keystream words (spec §3.8)', () => {
  assertStream(TUYA_KEY, {
    0x0: 0x7cb50721, 0x4: 0x7cb50f21, 0x8: 0x7cb51721, 0x40: 0x7cb58721, 0x44: 0x7cb58f21, 0x48: 0x7cb59721,
    0x100: 0x7cb70721, 0x10000: 0x7eb50721, 0x10004: 0x7eb50f21, 0x1186a0: 0x5ea94730, 0x120000: 0x58b50721,
  });
});

test('synthetic keys exercising every stage and selector', () => {
  assertStream(parseKey('12345678 9abcdef0 0fedcba9 55001270'), { 0x0: 0x7f71a71f, 0x4: 0x7f79a797, 0x100: 0x7d71851f, 0x10000: 0x7f71a70f, 0x1234560: 0x5799016b, 0x1ffffc: 0x86e9b530 });
  assertStream(parseKey('deadbeef 01234567 89abcdef 33000800'), { 0x0: 0x127ec5ef, 0x4: 0x1a7ecfef, 0x10000: 0x127ec5af, 0x1ffffc: 0x6c165130 });
  assertStream(parseKey('4862379a 8612784b 85c5e258 75754528'), { 0x0: 0x2e388101, 0x4: 0x2f298018, 0x10000: 0x2c388123 });
});

test('the Tuya key equals the equivalent key 0 0 7cb50721 55000803 over the address range', () => {
  const a = keystream(TUYA_KEY)!;
  const b = keystream(parseKey('00000000 00000000 7cb50721 55000803'))!;
  for (let address = 0; address < 0x200000; address += 0x1f4) assert.equal(a(address & ~3), b(address & ~3));
});

test('real blocks decrypt to the vector tables and the bootloader key tag', () => {
  const cases: Array<[string, number, string]> = [
    ['2f07b594 35ff2a9b 35e72a9b 35ef2a9b 35d72a9b 35df2a9b 35c72a9b 35cf2a9b', 0x10000, '0e0000ea 14f09fe5 14f09fe5 14f09fe5 14f09fe5 14f09fe5 14f09fe5 14f09fe5'],
    ['690cb596 35ff2a99 35e72a99 35ef2a99 35d72a99 35df2a99 35c72a99 35cf2a99', 0x0, '480b00ea 14f09fe5 14f09fe5 14f09fe5 14f09fe5 14f09fe5 14f09fe5 14f09fe5'],
    ['ce3918a2 cf341f6c b227ba2d fd757edf 5f062625 224418bb cf0c0e4e 118e874f', 0x40, 'efbeadde eebbaa10 93b00f51 dceacba3 7ea19359 03ebadc7 eebbbb32 30313233'],
    ['2117369e 20df179f b932289b 201fe79f 210737cb 252f37cc dac848c4 213fb89f', 0x10100, '001081e0 01d0a0e1 98259fe5 010050e1 002080b5 040080b2 fbffffba 00000fe1'],
  ];
  for (const [raw, base, plain] of cases) {
    assert.equal(toHex(cryptWords(fromHex(raw), base, TUYA_KEY)), plain.replace(/ /g, ''));
    assert.equal(toHex(cryptWords(fromHex(plain), base, TUYA_KEY)), raw.replace(/ /g, ''), 'encryption is the same operation');
  }
});

test('a key whose top byte is 0x00 or 0xFF, or with all stages off, is a bypass', () => {
  assert.equal(keystream(ZERO_KEY), null);
  assert.equal(keystream(parseKey('11111111 22222222 33333333 ff000000')), null);
  assert.equal(keystream(parseKey('11111111 22222222 33333333 5500000f')), null);
  const data = fromHex('0102030405');
  assert.deepEqual(cryptWords(data, 0, ZERO_KEY), data);
});

test('keys parse from four words or 32 hex digits and print back', () => {
  assert.equal(formatKey(parseKey('510FB093A3CBEADC5993A17EC7ADEB03')), '510fb093 a3cbeadc 5993a17e c7adeb03');
  assert.deepEqual(parseKey('510fb093 a3cbeadc 5993a17e c7adeb03'), TUYA_KEY);
  assert.throws(() => parseKey('510fb093'), /not a Beken key/);
});

test('block decryption equals the keystream word by word for random keys, bases and lengths', () => {
  let x = 99;
  const next = (): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x);
  for (let round = 0; round < 40; round++) {
    const key: BekenKey = [next(), next(), next(), ((0x55 << 24) | (next() & 0x1ff0)) >>> 0];
    const base = (next() & 0x1ffffc) >>> 0;
    const data = new Uint8Array(4 * (1 + (next() % 300))).map(() => next() >>> 24);
    const ks = keystream(key)!;
    const view = new DataView(data.buffer);
    const expected = new Uint8Array(data.length);
    const out = new DataView(expected.buffer);
    for (let o = 0; o < data.length; o += 4) out.setUint32(o, (view.getUint32(o, true) ^ ks(base + o)) >>> 0, true);
    assert.deepEqual(cryptWords(data, base, key), expected, `key ${formatKey(key)} base 0x${base.toString(16)}`);
  }
});

test('CRC-32 continues from a previous value like zlib', async () => {
  const { crc32Ieee } = await import('../../src/formats/beken/checksums.js');
  const text = new TextEncoder().encode('123456789');
  assert.equal(crc32Ieee(text), 0xcbf43926);
  assert.equal(crc32Ieee(text.subarray(4), crc32Ieee(text.subarray(0, 4))), 0xcbf43926);
});
