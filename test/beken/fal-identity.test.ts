import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFalEntry, encodeFalTable, findFalTable } from '../../src/formats/beken/fal.js';
import { familyOfVersion } from '../../src/formats/beken/bootloader.js';
import { findAppIdentity } from '../../src/formats/beken/app-identity.js';
import { familyOfAppName } from '../../src/formats/beken/family.js';
import { readRfCalibration } from '../../src/formats/beken/rf.js';
import { rotate, unrotate } from '../../src/formats/beken/rotation.js';

const nTable = [
  { name: 'bootloader', device: 'beken_onchip_crc', offset: 0, length: 0x10000 },
  { name: 'app', device: 'beken_onchip_crc', offset: 0x10000, length: 0x108700 },
  { name: 'download', device: 'beken_onchip', offset: 0x12a000, length: 0xa6000 },
];

test('the FAL table of a real N bootloader (§1.6) round-trips and is found at the end of the code', () => {
  const table = encodeFalTable(nTable);
  assert.equal(Buffer.from(table.subarray(0, 4)).toString('hex'), '30315045');
  assert.equal(Buffer.from(table.subarray(0x34 + 128, 0x3c + 128)).toString('hex'), '00a0120000600a00');
  const bootloader = new Uint8Array(0x1000).fill(0x11);
  bootloader.set(table, 0x800);
  const found = findFalTable(bootloader, 0x800 + table.length);
  assert.equal(found?.offset, 0x800);
  assert.deepEqual(found?.partitions.map(({ crcOk, ...p }) => (assert.ok(crcOk), p)), nTable);
  assert.equal(findFalTable(bootloader)?.offset, 0x800, 'found by scanning without size_raw too');
  assert.equal(decodeFalEntry(table, 64).name, 'app');
});

test('version strings and app names name the chip; Tuya calls the BK7231T "S"', () => {
  assert.equal(familyOfVersion('BK7231N_1.0.1'), 'BK7231N');
  assert.equal(familyOfVersion('BK7231S_1.0.5'), 'BK7231T');
  assert.equal(familyOfVersion('BK7231n_1.0.13'), 'BK7231N');
  assert.equal(familyOfAppName('bk7231s_light_ty'), 'BK7231T');
  assert.equal(familyOfAppName('bk7231n_plug'), 'BK7231N');
  assert.equal(familyOfAppName('esp8266_x'), null);
});

test('the firmware name and version are the name string followed by a version string', () => {
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const first = findAppIdentity(text('xx\0bk7231n\0oem_bk7231n_plug\x001.1.8\0mf_init succ\0'));
  assert.deepEqual([first.name, first.version, first.sdk, first.builtAt, first.firmware], ['bk7231n_plug', '1.1.8', null, null, 'Tuya']);
  assert.deepEqual(first.chipHints.map((h) => [h.signal, h.chip]), [['app chip string', 'BK7231N'], ['Tuya firmware name', 'BK7231N']]);
  const second = findAppIdentity(text('\0../apps/oem_bk7231s_x/src.c\0bk7231n_common_user_config_ty\0firmName\x002.0.2\0firmVer\0< TUYA IOT SDK V:2.3.1 BS:40 >\0'));
  assert.deepEqual([second.name, second.version, second.sdk], ['bk7231n_common_user_config_ty', '2.0.2', '2.3.1']);
  assert.equal(findAppIdentity(text('\0bk7231n_plug\0no version here\0')).name, null);
});

test('the RF TLV gives its length and MAC', () => {
  const sector = new Uint8Array(0x1000).fill(0xff);
  sector.set([0x54, 0x4c, 0x56, 0, 0xf6, 1, 0, 0]);
  sector.set([0x02, 0x11, 0x11, 0x11, 0x06, 0, 0, 0, 0xc8, 0x47, 0x8c, 1, 2, 3], 0x1c);
  assert.deepEqual(readRfCalibration(sector, 0), { offset: 0, length: 502, mac: 'c8:47:8c:01:02:03' });
  assert.equal(readRfCalibration(new Uint8Array(0x1000), 0), null);
});

test('rotating by 0x11000 and back restores the flash order', () => {
  const flash = new Uint8Array(0x40000).map((_, i) => (i >> 12) & 0xff);
  const file = rotate(flash);
  assert.equal(file[0], 0x11, 'the file starts at flash 0x11000');
  assert.equal(file[0x40000 - 0x11000], 0, 'flash 0 sits at size - 0x11000');
  assert.deepEqual(unrotate(file), flash);
});
