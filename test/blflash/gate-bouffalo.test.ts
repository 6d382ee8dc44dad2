import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bouffaloGateChip, chipLayout, gateErase, gateWrite, placeForVerify, wrapRawFirmware, type GateOptions } from '../../src/flash/gate/index.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { samplePath, noCorpus, readCorpus } from '../support/paths.js';
import { refusal } from '../support/gate.js';

const whole = readCorpus('bouffalo/bl602_sdk_build/whole_flash_data.bin');
const raw = readCorpus('bouffalo/bl602_sdk_build/img.bin');
const FLASH = 2 * 1024 * 1024;
// the chip as if it held the SDK build: its first 64 KiB and the header at the FW slot
const layout = chipLayout(FLASH, whole.subarray(0, 0x10000), (offset) => whole.subarray(offset, offset + 176));
const chip = bouffaloGateChip('bl602', FLASH, layout);

const write = (data: Uint8Array, options: GateOptions = {}, name = 'f.bin', on = chip) => gateWrite({ file: name, data, report: inspectImage(data), chip: on, options });

test('the chip layout comes from the partition table on the flash: FW slot 0 at 0x10000, 819200 bytes, boot2 and tables below 0x10000', { skip: noCorpus }, () => {
  assert.deepEqual(layout.firmware, { offset: 0x10000, maxLength: 819200 });
  assert.deepEqual(layout.template, whole.subarray(0x10000, 0x100b0));
  assert.equal(layout.bootEnd, 0x10000);
});

test("a raw firmware given the chip's header becomes exactly the slot content the SDK tool made", { skip: noCorpus }, () => {
  const wrapped = wrapRawFirmware(raw, layout.template!);
  assert.equal(wrapped.length, 0x1000 + 588560);
  assert.deepEqual(wrapped, whole.subarray(0x10000, 0x11000 + 588560));
  const plan = write(raw, {}, 'img.bin');
  assert.equal(plan.kind, 'raw-firmware');
  assert.equal(plan.address, 0x10000);
  // an odd length is padded to 16 with zeros before hashing
  const odd = wrapRawFirmware(raw.subarray(0, 1001), layout.template!);
  assert.equal(odd.length, 0x1000 + 1008);
  assert.equal(new DataView(odd.buffer).getUint32(120, true), 1008);
});

test('files are placed by content: whole flash from 0x10000 (boot2 kept), firmware with header at the FW slot, boot2 at 0 only when asked', { skip: noCorpus }, () => {
  const kept = write(whole);
  assert.deepEqual([kept.kind, kept.address], ['whole-flash', 0x10000]);
  assert.match(kept.notes[0]!, /bootloader region \(0x0-0xFFFF\) is left as it is/);
  assert.deepEqual([write(whole, { overwriteBootloader: true }).address, write(whole, { overwriteBootloader: true }).data.length], [0, Math.ceil(whole.length / 4096) * 4096]);
  const firmware = whole.subarray(0x10000, 0x11000 + 588560);
  assert.deepEqual([write(firmware).kind, write(firmware).address], ['firmware', 0x10000]);
  const boot2 = whole.subarray(0, 0x2000 + 39312);
  assert.equal(refusal(() => write(boot2)).override, '--overwrite-bootloader');
  assert.deepEqual([write(boot2, { overwriteBootloader: true }).kind, write(boot2, { overwriteBootloader: true }).address], ['boot2', 0]);
  // the FW slot spans 0x10000-0xD7FFF
  assert.equal(refusal(() => write(raw, { offset: 0x80000 })).override, '--force-no-firmware', 'raw bytes over the FW slot');
  assert.equal(write(raw, { offset: 0x80000, forceNoFirmware: true }).kind, 'at-address');
  assert.equal(write(raw, { offset: 0x100000 }).address, 0x100000, 'raw bytes past the FW slot');
});

test('verify compares what a write would write: a whole image without its boot2 region', { skip: noCorpus }, () => {
  const plan = placeForVerify({ file: 'w', data: whole, report: inspectImage(whole), chip, options: {} });
  assert.equal(plan.address, 0x10000);
  assert.deepEqual(plan.data.subarray(0, whole.length - 0x10000), whole.subarray(0x10000));
});

test('refusals: OTA files, a firmware larger than its partition, unaligned or out-of-flash addresses, NaN', { skip: noCorpus }, () => {
  const ota = readCorpus('bouffalo/bl602_sdk_build/FW_OTA.bin.ota');
  assert.throws(() => write(ota, {}, 'FW_OTA.bin.ota'), /FW_OTA\.bin\.ota: this is an OTA update file/);
  const huge = new Uint8Array(900_000).fill(0x13);
  assert.throws(() => write(huge, {}, 'huge.bin'), /larger than the FW partition \(819200 bytes at 0x10000\)/);
  assert.equal(refusal(() => write(raw, { offset: 0x10010 })).reason, 'usage');
  assert.match(refusal(() => write(raw, { offset: 0x1f0000 })).message, /past the end of the 2 MiB flash/);
  assert.equal(refusal(() => write(raw, { offset: Number.NaN })).reason, 'usage', 'a mistyped number never reaches the flash');
  assert.equal(refusal(() => write(raw, { offset: -4096 })).reason, 'usage');
});

test('a Beken dump is refused before anything is placed, even with an explicit address', { skip: noCorpus }, () => {
  const beken = new Uint8Array(readFileSync(samplePath('bk7231t-dump.bin')));
  assert.throws(() => write(beken, {}, 'bk.bin'), /bk\.bin: this is a Beken BK7231T file/);
  assert.throws(() => write(beken, { offset: 0x10000 }, 'bk.bin'), /this is a Beken/);
});

test('a BL602 file on a BL702, a dump whose SHA-256 fails, one without partition tables, a merged image without firmware', { skip: noCorpus }, () => {
  const dump = new Uint8Array(readFileSync(samplePath('bl602-dump.bin')));
  const bl702 = bouffaloGateChip('bl702', FLASH, layout);
  assert.equal(refusal(() => write(dump, {}, 'd', bl702)).override, '--force-family');
  const badHash = dump.slice();
  badHash[0x11000 + 100] ^= 1;
  const hash = refusal(() => write(badHash, {}, 'bad.bin'));
  assert.equal(hash.override, '--force-damaged');
  assert.match(hash.message, /does not match the SHA-256/);
  const noTables = dump.slice().fill(0xff, 0xe000, 0x10000);
  const tables = refusal(() => write(noTables, { overwriteBootloader: true }, 'nt.bin'));
  assert.equal(tables.override, '--force-damaged');
  assert.match(tables.message, /partition tables are erased/);
  const noFirmware = whole.slice().fill(0xff, 0x10000, 0x10000 + 819200);
  assert.equal(refusal(() => write(noFirmware, { forceDamaged: true, overwriteBootloader: true })).override, '--force-no-firmware');
});

test("a whole image whose boot2 region differs from the chip's is refused unless --overwrite-bootloader", { skip: noCorpus }, () => {
  const plan = gateWrite({ file: 'w', data: whole, report: inspectImage(whole), chip, options: {} }, { regions: [], bootloaderDiffers: false });
  assert.equal(plan.address, 0x10000);
  const differs = refusal(() => gateWrite({ file: 'w', data: whole, report: inspectImage(whole), chip, options: {} }, { regions: [], bootloaderDiffers: true }));
  assert.equal(differs.override, '--overwrite-bootloader');
});

test('erase keeps boot2 and the partition tables unless --overwrite-bootloader', { skip: noCorpus }, () => {
  assert.deepEqual(gateErase({ chip, all: true }).offset, 0x10000);
  assert.equal(gateErase({ chip, all: true, overwriteBootloader: true }).offset, 0);
  assert.equal(refusal(() => gateErase({ chip, offset: 0xe000, length: 0x1000 })).override, '--overwrite-bootloader');
  assert.equal(refusal(() => gateErase({ chip, offset: 0x10000 })).reason, 'usage');
});
