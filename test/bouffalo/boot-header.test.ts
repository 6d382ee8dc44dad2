import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import {
  bootFlags,
  checkBootHeader,
  checkImageHash,
  decodeBootHeader,
  encodeBootHeader,
  isBl616Header,
  sealBootHeader,
} from '../../src/formats/bouffalo/boot-header.js';
import { FormatError } from '../../src/formats/errors.js';
import { crc32Of } from '../../src/formats/bytes.js';
import { inspectImage } from '../../src/formats/inspect.js';

const bootinfo = readCorpus('bouffalo/bl602_sdk_build/bootinfo.bin');
const firmware = readCorpus('bouffalo/bl602_sdk_build/img.bin');

test('decodes the SDK firmware header (bootinfo.bin)', { skip: noCorpus }, () => {
  const header = decodeBootHeader(bootinfo);
  assert.equal(header.magic, 'BFNP');
  assert.equal(header.revision, 1);
  assert.equal(header.hasFlashConfig, true);
  assert.equal(header.hasClockConfig, true);
  assert.equal(header.flashConfig[13], 0xef, 'JEDEC manufacturer byte at header offset 25');
  assert.equal(header.clock.xtalType, 4, '40 MHz crystal');
  assert.equal(header.imageLength, 588560);
  assert.equal(header.imageStart, 0x2000);
  const flags = bootFlags(header.bootConfig);
  assert.equal(flags.noSegment, true);
  assert.equal(flags.crcIgnore, false);
  assert.equal(flags.sign, 0);
  assert.deepEqual(checkBootHeader(header), { flashConfigCrc: 'ok', clockConfigCrc: 'ok', headerCrc: 'ok' });
});

test('encoding a decoded header gives back the same 176 bytes, and sealing recomputes the same CRCs', { skip: noCorpus }, () => {
  const header = decodeBootHeader(bootinfo);
  assert.deepEqual(encodeBootHeader(header), bootinfo);
  const zeroed = { ...header, flashConfigCrc: 0, clockConfigCrc: 0, headerCrc: 0 };
  assert.deepEqual(encodeBootHeader(sealBootHeader(zeroed)), bootinfo);
});

test('the header hash matches the SDK image and catches one changed byte', { skip: noCorpus }, () => {
  const header = decodeBootHeader(bootinfo);
  assert.equal(checkImageHash(header, firmware, 0), 'ok');
  const damaged = firmware.slice();
  damaged[1000] ^= 1;
  assert.equal(checkImageHash(header, damaged, 0), 'bad');
  assert.equal(checkImageHash(header, firmware.subarray(0, 1000), 0), 'truncated');
});

test('a changed field breaks the header CRC; the placeholder with crc_ignore is accepted', { skip: noCorpus }, () => {
  const damaged = bootinfo.slice();
  damaged[120] ^= 1;
  assert.equal(checkBootHeader(decodeBootHeader(damaged)).headerCrc, 'bad');
  const header = decodeBootHeader(bootinfo);
  const ignored = { ...header, bootConfig: header.bootConfig | (1 << 16), headerCrc: 0xdeadbeef };
  assert.equal(checkBootHeader(ignored).headerCrc, 'ignored');
  assert.equal(checkBootHeader({ ...header, headerCrc: 0xdeadbeef }).headerCrc, 'bad', 'the placeholder alone is not enough');
});

test('the hash placeholder counts only with hash_ignore on an unsigned image', { skip: noCorpus }, () => {
  const header = decodeBootHeader(bootinfo);
  const placeholder = new Uint8Array(32);
  placeholder.set([0xef, 0xbe, 0xad, 0xde]);
  const ignoring = { ...header, hash: placeholder, bootConfig: header.bootConfig | (1 << 17) };
  assert.equal(checkImageHash(ignoring, firmware, 0), 'ignored');
  assert.equal(checkImageHash({ ...ignoring, bootConfig: ignoring.bootConfig | 1 }, firmware, 0), 'bad', 'signed images are always hashed');
});

test('bytes that are not a boot header are refused with the offset', { skip: noCorpus }, () => {
  assert.throws(() => decodeBootHeader(firmware), (e: unknown) => e instanceof FormatError && e.offset === 0 && /BFNP/.test(e.message));
  assert.throws(() => decodeBootHeader(bootinfo.subarray(0, 100)), (e: unknown) => e instanceof FormatError && /176 bytes/.test(e.message));
});

test('a 256-byte BL616 header (clock CRC at offset 116) is told apart, not decoded as a BL602 one, and checked with its own CRCs', { skip: noCorpus }, () => {
  const bl616 = new Uint8Array(256);
  bl616.set(bootinfo.subarray(0, 104));
  bl616.set([4, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], 104);
  new DataView(bl616.buffer).setUint32(116, crc32Of(bl616.subarray(104, 116)), true);
  assert.equal(isBl616Header(bl616), true);
  assert.equal(isBl616Header(bootinfo), false);
  assert.throws(() => decodeBootHeader(bl616), /256-byte BL616\/BL618 boot header/);
  const report = inspectImage(bl616);
  assert.deepEqual([report.family, report.kind, report.verdict.restorable], ['BL616', 'bl-boot-header', false]);
  // The flash block and its CRC came from a BL602 header (same layout); the header CRC at 252 was left 0.
  assert.deepEqual(report.bootHeader, { imageStart: 0, imageLength: 0, flashConfigCrc: 'ok', clockConfigCrc: 'ok', headerCrc: 'bad', hash: '0'.repeat(64) });
});
