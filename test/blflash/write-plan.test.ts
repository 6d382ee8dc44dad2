import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chipLayout, planWrite, wrapRawFirmware } from '../../src/flash/bouffalo/write-plan.js';
import { corpusPath } from '../support/paths.js';

const whole = new Uint8Array(readFileSync(corpusPath('bouffalo/bl602_sdk_build/whole_flash_data.bin')));
const raw = new Uint8Array(readFileSync(corpusPath('bouffalo/bl602_sdk_build/img.bin')));
const FLASH = 2 * 1024 * 1024;
// the chip as if it held the SDK build: its first 64 KiB and the header at the FW slot
const chip = chipLayout(FLASH, whole.subarray(0, 0x10000), (offset) => whole.subarray(offset, offset + 176));

test('the chip layout comes from the partition table on the flash: FW slot 0 at 0x10000, 819200 bytes', () => {
  assert.deepEqual(chip.firmware, { offset: 0x10000, maxLength: 819200 });
  assert.deepEqual(chip.template, whole.subarray(0x10000, 0x100b0));
});

test('a raw firmware given the chip\'s header becomes exactly the slot content the SDK tool made', () => {
  const wrapped = wrapRawFirmware(raw, chip.template!);
  assert.equal(wrapped.length, 0x1000 + 588560);
  assert.deepEqual(wrapped, whole.subarray(0x10000, 0x11000 + 588560));
  const plan = planWrite(raw, 'img.bin', chip);
  assert.equal(plan.kind, 'raw-firmware');
  assert.equal(plan.address, 0x10000);
  // an odd length is padded to 16 with zeros before hashing
  const odd = wrapRawFirmware(raw.subarray(0, 1001), chip.template!);
  assert.equal(odd.length, 0x1000 + 1008);
  assert.equal(new DataView(odd.buffer).getUint32(120, true), 1008);
});

test('files are placed by content: whole flash at 0, firmware with header at the FW slot, boot2 at 0', () => {
  assert.deepEqual([planWrite(whole, 'w', chip).kind, planWrite(whole, 'w', chip).address], ['whole-flash', 0]);
  const firmware = whole.subarray(0x10000, 0x11000 + 588560);
  assert.deepEqual([planWrite(firmware, 'f', chip).kind, planWrite(firmware, 'f', chip).address], ['firmware', 0x10000]);
  const boot2 = whole.subarray(0, 0x2000 + 39312);
  assert.deepEqual([planWrite(boot2, 'b', chip).kind, planWrite(boot2, 'b', chip).address], ['boot2', 0]);
  assert.equal(planWrite(raw, 'r', chip, 0x100000).kind, 'at-address');
});

test('refusals: OTA files, a firmware larger than its partition, unaligned or out-of-flash addresses', () => {
  const ota = new Uint8Array(readFileSync(corpusPath('bouffalo/bl602_sdk_build/FW_OTA.bin.ota')));
  assert.throws(() => planWrite(ota, 'FW_OTA.bin.ota', chip), /FW_OTA\.bin\.ota: this is an OTA update file/);
  const huge = new Uint8Array(900_000).fill(0x13);
  assert.throws(() => planWrite(huge, 'huge.bin', chip), /larger than the FW partition \(819200 bytes at 0x10000\)/);
  assert.throws(() => planWrite(raw, 'img.bin', chip, 0x10010), /not a multiple of 4 KiB/);
  assert.throws(() => planWrite(raw, 'img.bin', chip, 0x1f0000), /past the end of the 2 MiB flash/);
});

test('a Beken dump is refused before anything is placed, even with an explicit address', () => {
  const beken = new Uint8Array(readFileSync(corpusPath('beken/BK7231T_TuyaConfig_PC44HA.bin')));
  assert.throws(() => planWrite(beken, 'bk.bin', chip), /bk\.bin: this is a Beken BK7231T file/);
  assert.throws(() => planWrite(beken, 'bk.bin', chip, 0x10000), /this is a Beken/);
});
