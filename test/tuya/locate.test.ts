import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { locateTuyaStorage, TUYA_KV_MASTER_KEY } from '../../src/formats/tuya/locate.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

function keyBlock(deviceKey: Uint8Array): Uint8Array {
  const plain = new Uint8Array(0x1000).fill(0xff);
  const view = new DataView(plain.buffer);
  view.setUint32(0, 0x13579753, true);
  view.setUint32(4, deviceKey.reduce((a, b) => a + b, 0), true);
  plain.set(deviceKey, 8);
  const cipher = createCipheriv('aes-128-ecb', TUYA_KV_MASTER_KEY, null);
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
}

test('finds a synthetic key block at any sector and returns its device key', () => {
  const deviceKey = Uint8Array.from({ length: 16 }, (_, i) => i * 11 + 3);
  const flash = new Uint8Array(0x40000).fill(0xff);
  flash.set(keyBlock(deviceKey), 0x2e000);
  const found = locateTuyaStorage(flash);
  assert.equal(found?.offset, 0x2e000);
  assert.deepEqual(found?.deviceKey, deviceKey);
});

test('a key block with a broken checksum is not taken', () => {
  const flash = new Uint8Array(0x3000).fill(0xff);
  const block = keyBlock(new Uint8Array(16).fill(7));
  block[5] ^= 0x40; // inside the encrypted checksum word
  flash.set(block, 0x1000);
  assert.equal(locateTuyaStorage(flash), null);
});

test('the PC44HA KV fragment has its key block at offset 0', { skip: !hasCorpus }, () => {
  const data = readFileSync(corpusPath('beken/BK7231T_TuyaConfig_PC44HA.bin'));
  assert.equal(locateTuyaStorage(data)?.offset, 0);
});

test('a full N dump keeps its key block at 0x1EE000', { skip: !hasCorpus }, () => {
  const data = readFileSync(corpusPath('beken/MOES_WK-US2-TC_In-Wall_Outlet.bin'));
  assert.equal(locateTuyaStorage(data)?.offset, 0x1ee000);
});
