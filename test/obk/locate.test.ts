import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyCrc8 } from '../../src/formats/obk/crc8.js';
import { locateObkConfig } from '../../src/formats/obk/locate.js';

const check = new TextEncoder().encode('123456789');

test('Tiny_CRC8 check values: unsigned = CRC-8/MAXIM 0xA1, signed (Beken) 0x63', () => {
  assert.equal(tinyCrc8(check, false), 0xa1);
  assert.equal(tinyCrc8(check, true), 0x63);
});

function fakeConfig(version: number, signed: boolean): Uint8Array {
  const length = version <= 3 ? 2016 : 3584;
  const cfg = new Uint8Array(length).fill(0);
  cfg.set([0x43, 0x46, 0x47], 0);
  new DataView(cfg.buffer).setInt32(4, version, true);
  for (let i = 8; i < length; i++) cfg[i] = (i * 37) & 0xff;
  cfg[3] = tinyCrc8(cfg.subarray(4), signed);
  return cfg;
}

test('locates a v4 config in a sector of a 2 MiB image and tells the CRC variant', () => {
  const flash = new Uint8Array(0x200000).fill(0xff);
  flash.set(fakeConfig(4, true), 0x1d1000);
  assert.deepEqual(locateObkConfig(flash), { offset: 0x1d1000, version: 4, length: 3584, crcVariant: 'signed' });
});

test('a v3 config is 2016 bytes long; a wrong CRC is not a config', () => {
  const flash = new Uint8Array(0x4000).fill(0xff);
  const cfg = fakeConfig(3, false);
  flash.set(cfg, 0x2000);
  assert.equal(locateObkConfig(flash)?.length, 2016);
  flash[0x2000 + 100] ^= 1;
  assert.equal(locateObkConfig(flash), null);
});
