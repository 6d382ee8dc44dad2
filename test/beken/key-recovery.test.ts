import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptWords, formatKey, parseKey, TUYA_KEY, ZERO_KEY, type BekenKey } from '../../src/formats/beken/cipher.js';
import { keyForApp, recoverKey } from '../../src/formats/beken/key-recovery.js';
import { appCode, bootloaderCode, SAMPLE_N } from '../../scripts/samples/beken.js';

function encryptedBootloader(key: BekenKey): Uint8Array {
  return cryptWords(bootloaderCode({ ...SAMPLE_N, key }).code, 0, key);
}

test('a Tuya-key bootloader is recognised as the known Tuya key', () => {
  const found = recoverKey(encryptedBootloader(TUYA_KEY));
  assert.deepEqual(found && [found.name, found.source, formatKey(found.key)], ['Tuya', 'known', formatKey(TUYA_KEY)]);
});

test('a plaintext bootloader means the zero key', () => {
  const found = recoverKey(bootloaderCode({ ...SAMPLE_N, key: ZERO_KEY }).code);
  assert.equal(found?.source, 'plaintext');
  assert.deepEqual(found?.key, ZERO_KEY);
});

test('an unknown key with every cipher stage on is found by the known-plaintext search, then read back from 0x48', () => {
  const key = parseKey('12345678 9abcdef0 0fedcba9 55001270');
  const found = recoverKey(encryptedBootloader(key));
  assert.ok(found, 'key found');
  assert.equal(found.source, 'search');
  assert.equal(found.equivalentOnly, false);
  assert.equal(formatKey(found.key), formatKey(key));
});

test('without a stored copy of the key, the search still yields an equivalent key that decrypts', () => {
  const key = parseKey('deadbeef 01234567 89abcdef 33000800');
  const code = bootloaderCode({ ...SAMPLE_N, key }).code;
  code.fill(0, 0x44, 0x58);
  const found = recoverKey(cryptWords(code, 0, key));
  assert.ok(found);
  assert.equal(found.equivalentOnly, true);
  assert.deepEqual(cryptWords(cryptWords(code, 0, key), 0, found.key), code);
});

test('bytes that are no bootloader give no key', () => {
  assert.equal(recoverKey(new Uint8Array(4096).fill(0x5a)), null);
});

test('an app block opens with the Tuya key at 0x10000 but not at 0', () => {
  const plain = Uint8Array.from([0x0e, 0, 0, 0xea, ...Array(7).fill([0x14, 0xf0, 0x9f, 0xe5]).flat()]);
  const stored = cryptWords(plain, 0x10000, TUYA_KEY);
  assert.equal(keyForApp(stored, 0x10000)?.name, 'Tuya');
  assert.equal(keyForApp(stored, 0), null);
});

test('with the app block given, the search picks the configuration that also holds above 0x10000', () => {
  const key = parseKey('12345678 9abcdef0 0fedcba9 55001270');
  const code = bootloaderCode({ ...SAMPLE_N, key }).code;
  code.fill(0, 0x44, 0x58);
  const app = cryptWords(appCode(SAMPLE_N).subarray(0, 32), 0x10000, key);
  const found = recoverKey(cryptWords(code, 0, key), app);
  assert.ok(found?.equivalentOnly);
  assert.deepEqual(cryptWords(app, 0x10000, found.key), appCode(SAMPLE_N).subarray(0, 32));
});
