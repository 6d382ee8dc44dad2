import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chipCrc, ERASED_SECTOR_CRC } from '../../src/flash/beken/crc.js';
import { FlashOp, Op, longCommand, shortCommand, u32 } from '../../src/flash/beken/frames.js';
import { BekenChipEmulator, INSTANT_TIMING } from '../../src/flash/emulator/beken-chip.js';
import { createMemoryPair } from '../../src/flash/transport.js';
import { findFlashPart, flashSizeFromId } from '../../src/flash/beken/flash-parts.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/ /g, ''), 'hex'));

// Byte-level transcript of the protocol notes (§6): BK7231N, TH25Q16HB, 4 KiB of 00..FF at 0x11000.
const pattern = new Uint8Array(0x1000).map((_, i) => i & 0xff);

test('command frames are byte-exact with the transcript', () => {
  assert.deepEqual(shortCommand(Op.linkCheck), hex('01 E0 FC 01 00'));
  assert.deepEqual(shortCommand(Op.readReg, u32(0x00800000)), hex('01 E0 FC 05 03 00 00 80 00'));
  assert.deepEqual(longCommand(FlashOp.spiOp, [0x9f, 0, 0, 0]), hex('01 E0 FC FF F4 05 00 0E 9F 00 00 00'));
  assert.deepEqual(shortCommand(Op.setBaudRate, [...u32(921600), 0x14]), hex('01 E0 FC 06 0F 00 10 0E 00 14'));
  assert.deepEqual(longCommand(FlashOp.read4k, u32(0x11000)), hex('01 E0 FC FF F4 05 00 09 00 10 01 00'));
  assert.deepEqual(shortCommand(Op.checkCrc, [...u32(0x11000), ...u32(0x11fff)]), hex('01 E0 FC 09 10 00 10 01 00 FF 1F 01 00'));
  assert.deepEqual(longCommand(FlashOp.erase, [0x20, ...u32(0x11000)]), hex('01 E0 FC FF F4 06 00 0F 20 00 10 01 00'));
  assert.deepEqual(longCommand(FlashOp.write4k, [...u32(0x11000), ...pattern]).subarray(0, 12), hex('01 E0 FC FF F4 05 10 07 00 10 01 00'));
});

test('chip CRC values of the transcript: 0x5D6EDF7D for the pattern, 0x0EAB98F5 for an erased sector', () => {
  assert.equal(chipCrc(pattern), 0x5d6edf7d);
  assert.equal(chipCrc(new Uint8Array(0x1000).fill(0xff)), ERASED_SECTOR_CRC);
  assert.equal(ERASED_SECTOR_CRC, 0x0eab98f5);
});

test('flash table: EB 60 15 is the 2 MiB TH25Q16HB; an all-zero id means no flash answered', () => {
  const part = findFlashPart(hex('EB 60 15'));
  assert.equal(part?.name, 'TH25Q16HB');
  assert.equal(part?.protectMask, 0x407c);
  assert.equal(flashSizeFromId(hex('EB 60 15')), 0x200000);
  assert.equal(flashSizeFromId(hex('00 00 00')), null);
});

async function exchange(chip: BekenChipEmulator, frame: Uint8Array, replyLength: number): Promise<Uint8Array> {
  const [host, device] = createMemoryPair();
  chip.attach(device);
  await host.write(hex('01 E0 FC 01 00')); // LinkCheck latches download mode after the reset
  assert.deepEqual(await host.read(8, 1000), hex('04 0E 05 01 E0 FC 01 00'));
  await host.write(frame);
  const reply = await host.read(replyLength, 1000);
  assert.deepEqual(await host.drain(20), new Uint8Array(0), 'nothing more than the expected bytes');
  return reply;
}

function emulatedN(): BekenChipEmulator {
  const image = new Uint8Array(0x200000).fill(0xff);
  image.set(pattern, 0x11000);
  return new BekenChipEmulator({ family: 'BK7231N', image, timing: INSTANT_TIMING });
}

test('emulated BK7231N replies are byte-exact with the transcript', async () => {
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC 01 00'), 8), hex('04 0E 05 01 E0 FC 01 00'));
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC 05 03 00 00 80 00'), 15), hex('04 0E 0C 01 E0 FC 03 00 00 80 00 1C 23 07 00'));
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC FF F4 05 00 0E 9F 00 00 00'), 15), hex('04 0E FF 01 E0 FC F4 06 00 0E 00 00 EB 60 15'));
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC FF F4 02 00 0C 05'), 13), hex('04 0E FF 01 E0 FC F4 04 00 0C 00 05 00'));
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC 09 10 00 10 01 00 FF 1F 01 00'), 11), hex('04 0E 08 01 E0 FC 10 7D DF 6E 5D'));
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC FF F4 06 00 0F 20 00 10 01 00'), 16), hex('04 0E FF 01 E0 FC F4 07 00 0F 00 20 00 10 01 00'));
  assert.deepEqual(await exchange(emulatedN(), hex('01 E0 FC 06 0F 00 10 0E 00 14'), 12), hex('04 0E 09 01 E0 FC 0F 00 10 0E 00 14'));
  const read = await exchange(emulatedN(), hex('01 E0 FC FF F4 05 00 09 00 10 01 00'), 4111);
  assert.deepEqual(read.subarray(0, 15), hex('04 0E FF 01 E0 FC F4 06 10 09 00 00 10 01 00'));
  assert.deepEqual(read.subarray(15), pattern);
});

test('emulated BK7231T: exclusive CRC end, status 6 below 0x11000, unknown commands answered 07', async () => {
  const image = new Uint8Array(0x200000).fill(0xff);
  image.set(pattern, 0x11000);
  const chipT = () => new BekenChipEmulator({ family: 'BK7231T', image, timing: INSTANT_TIMING });
  assert.deepEqual(await exchange(chipT(), hex('01 E0 FC 09 10 00 10 01 00 00 20 01 00'), 11), hex('04 0E 08 01 E0 FC 10 7D DF 6E 5D'));
  assert.deepEqual(await exchange(chipT(), hex('01 E0 FC FF F4 05 00 09 00 00 00 00'), 16), hex('04 0E FF 01 E0 FC F4 07 00 09 06 00 00 00 00 00'));
  assert.deepEqual(await exchange(chipT(), hex('01 E0 FC 05 03 00 00 80 00'), 8), hex('04 0E 05 01 E0 FC 03 07'));
  assert.deepEqual(await exchange(chipT(), hex('01 E0 FC FF F4 05 00 0E 9F 00 00 00'), 11), hex('04 0E FF 01 E0 FC F4 02 00 0E 07'));
});
