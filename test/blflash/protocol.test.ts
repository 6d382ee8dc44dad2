import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chipFromRomVersion, decodeBootInfo } from '../../src/flash/bouffalo/boot-info.js';
import { ChipError, describeErrorCode, errorCodeLabel } from '../../src/flash/bouffalo/error-codes.js';
import { encodeFrame, failReply, frameChecksum, okDataReply, words } from '../../src/flash/bouffalo/frame.js';
import { syncBurstLength } from '../../src/flash/bouffalo/handshake.js';

test('a command frame is id, checksum of length and payload, length LE, payload', () => {
  const frame = encodeFrame(0x32, words(0x1000, 0x100));
  assert.deepEqual([...frame], [0x32, 0x19, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00]);
  // 0x08 + 0x10 + 0x01 = 0x19; the sum wraps at 8 bits
  assert.equal(frameChecksum(new Uint8Array(300).fill(0xff)), (0x2c + 0x01 + 300 * 0xff) & 0xff);
  assert.deepEqual([...encodeFrame(0x10)], [0x10, 0x00, 0x00, 0x00]);
});

test('replies: "OK" + LE length + data, "FL" + LE error code', () => {
  assert.deepEqual([...okDataReply(Uint8Array.of(1, 2, 3))], [0x4f, 0x4b, 3, 0, 1, 2, 3]);
  assert.deepEqual([...failReply(0x0104)], [0x46, 0x4c, 0x04, 0x01]);
});

test('sync bursts last ~6 ms on BL602 and ~3 ms on BL702 at the current baud', () => {
  assert.equal(syncBurstLength('bl602', 500_000), 300);
  assert.equal(syncBurstLength('bl702', 500_000), 150);
  assert.equal(syncBurstLength('bl602', 9600), 16);
  assert.equal(syncBurstLength('bl602', 2_000_000), 600);
});

test('error codes are labelled the way Bouffalo tools print them, with meaning and advice', () => {
  assert.equal(errorCodeLabel(0x0104), 'FL0104');
  assert.equal(describeErrorCode(0x0104).name, 'CMD_SEQ_ERROR');
  assert.equal(describeErrorCode(0x0214).name, 'IMG_SECTIONDATA_TLEN');
  assert.match(describeErrorCode(0x0104).advice, /500,000 baud/);
  const error = new ChipError(0x0204, 'load_boot_header');
  assert.match(error.message, /FL0204 IMG_BOOTHEADER_CRC/);
  assert.match(describeErrorCode(0x0299).name, /IMAGE_CHECK/);
});

test('get_boot_info: ROM version names the family; BL602 chip id is bytes 12..17 reversed', () => {
  assert.equal(chipFromRomVersion(1), 'bl602');
  assert.equal(chipFromRomVersion(0x07020001), 'bl702');
  assert.equal(chipFromRomVersion(0x06160001), 'bl616');
  // ROM version 1 + the OTP info published in a blflash log (spec 5.1)
  const payload = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0x85, 0xa9, 0xa8, 0x4c, 0xb9, 0x7c, 0x19, 0x00]);
  const info = decodeBootInfo(payload);
  assert.equal(info.chip, 'bl602');
  assert.equal(info.chipId, '7cb94ca8a985');
  assert.equal(info.loaderRunning, false);
  assert.equal(info.signType, 0);
  const loader = decodeBootInfo(Uint8Array.from([0xff, 0xff, 0xff, 0xff, ...new Array(16).fill(0)]));
  assert.equal(loader.loaderRunning, true);
  assert.equal(loader.chip, null);
  const bl702 = decodeBootInfo(Uint8Array.from([0x01, 0x00, 0x02, 0x07, ...new Array(12).fill(0), 1, 2, 3, 4, 5, 6, 7, 8]));
  assert.equal(bl702.chip, 'bl702');
  assert.equal(bl702.chipId, '0102030405060708');
});
