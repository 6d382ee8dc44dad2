import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import {
  BL616_HEADER_SIZE,
  bl616Flags,
  decodeBl616Header,
  encodeBl616Header,
  isBl616Header,
  sealBl616Header,
  type Bl616Header,
} from '../../src/formats/bouffalo/bl616-header.js';
import { checkBootHeader, checkImageHash, decodeAnyBootHeader, PLACEHOLDER } from '../../src/formats/bouffalo/boot-header.js';
import { encodePartitionTable } from '../../src/formats/bouffalo/partition-table.js';
import { layPieces } from '../../src/formats/bouffalo/merge.js';
import { splitFlashImage } from '../../src/formats/bouffalo/split.js';
import { extractPart } from '../../src/formats/bouffalo/extract.js';
import { templateHeader } from '../../src/formats/bouffalo/firmware-image.js';
import { crc32Of, sha256Of, view } from '../../src/formats/bytes.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { pseudoBytes } from '../../scripts/samples/prng.js';
import { BL602_SAMPLE_PARTITIONS } from '../../scripts/samples/bouffalo.js';

const bootinfo = readCorpus('bouffalo/bl602_sdk_build/bootinfo.bin');
const code = pseudoBytes(0x3000, 0xb616);

/** A header shaped like the BL616 boot2 of bouffalo.md §2.5 (F5): boot cfg 0x72CF0100, code at 0x2000, one patch-on-read pair. */
function f5Like(overrides: Partial<Bl616Header> = {}): Bl616Header {
  const hash = new Uint8Array(32);
  view(hash).setUint32(0, PLACEHOLDER, true);
  return sealBl616Header({
    chip: 'BL616',
    magic: 'BFNP',
    revision: 1,
    hasFlashConfig: true,
    flashConfig: bootinfo.slice(12, 96), // the flash block has BL602's layout
    flashConfigCrc: 0,
    hasClockConfig: true,
    clock: { xtalType: 7, mcuClk: 4, mcuClkDiv: 0, mcuBclkDiv: 0, mcuPbclkDiv: 3, emiClk: 2, emiClkDiv: 1, flashClkType: 1, flashClkDiv: 0, wifiPllPowerUp: 1, audioPllPowerUp: 1, reserved: 0 },
    clockConfigCrc: 0,
    bootConfig: 0x72cf0100,
    imageStart: 0x2000,
    aesRegionLength: 0,
    imageLength: code.length,
    hash,
    cpu: { configEnable: 1, haltCpu: 0, cacheFlags: 0, reserved: 0, imageAddressOffset: 0, bootEntry: 0xa0000000, msp: 0 },
    partitionTableAddresses: [0, 0],
    flashConfigTable: { address: 0, length: 0 },
    patchOnRead: [{ address: 0x20000548, value: 0x01000000 }, { address: 0, value: 0 }, { address: 0, value: 0 }],
    patchOnJump: [0, 1, 2].map(() => ({ address: 0, value: 0 })),
    reserved: 0,
    headerCrc: 0,
    ...overrides,
  });
}

test('BL616 header: every field lands at its §2.5 offset and decodes back; bytes round-trip', { skip: noCorpus }, () => {
  const header = f5Like();
  const bytes = encodeBl616Header(header);
  const v = view(bytes);
  assert.equal(bytes.length, BL616_HEADER_SIZE);
  assert.deepEqual([v.getUint32(116, true), v.getUint32(120, true), v.getUint32(124, true), v.getUint32(132, true)], [crc32Of(bytes.subarray(104, 116)), 0x72cf0100, 0x2000, 0x3000]);
  assert.deepEqual([v.getUint32(176, true), v.getUint32(200, true), v.getUint32(204, true)], [0xa0000000, 0x20000548, 0x01000000]);
  assert.equal(v.getUint32(96, true), crc32Of(bytes.subarray(12, 96)));
  assert.equal(v.getUint32(252, true), crc32Of(bytes.subarray(0, 252)));
  assert.equal(isBl616Header(bytes), true);
  assert.deepEqual(decodeBl616Header(bytes), header);
  assert.deepEqual(encodeBl616Header(decodeBl616Header(bytes)), bytes);
  const flags = bl616Flags(header.bootConfig);
  assert.deepEqual([flags.noSegment, flags.crcIgnore, flags.hashIgnore, flags.boot2Enable, flags.sign], [true, true, true, false, 0]);
});

test('BL616 header CRCs: ok when sealed, bad when a covered byte changes, ignored only with crc_ignore and the placeholder', { skip: noCorpus }, () => {
  assert.deepEqual(checkBootHeader(f5Like()), { flashConfigCrc: 'ok', clockConfigCrc: 'ok', headerCrc: 'ok' });
  const bytes = encodeBl616Header(f5Like());
  bytes[40] ^= 1; // inside the flash block
  bytes[132] ^= 1; // img_len
  assert.deepEqual(checkBootHeader(decodeAnyBootHeader(bytes)), { flashConfigCrc: 'bad', clockConfigCrc: 'ok', headerCrc: 'bad' });
  assert.equal(checkBootHeader({ ...f5Like(), headerCrc: PLACEHOLDER }).headerCrc, 'ignored');
  assert.equal(checkBootHeader({ ...f5Like({ bootConfig: 0x0100 }), headerCrc: PLACEHOLDER }).headerCrc, 'bad');
});

test('BL616 image hash: checked with hash_ignore clear, ignored with it and the placeholder', { skip: noCorpus }, () => {
  const hashed = f5Like({ bootConfig: 0x0100, hash: sha256Of(code) });
  assert.equal(checkImageHash(hashed, code, 0), 'ok');
  const damaged = code.slice();
  damaged[5] ^= 0xff;
  assert.equal(checkImageHash(hashed, damaged, 0), 'bad');
  assert.equal(checkImageHash(f5Like(), damaged, 0), 'ignored');
});

/** boot2 as on flash 0: header, zero filler (as in F5), code at 0x2000. */
function bl616Boot2(): Uint8Array {
  const out = new Uint8Array(0x2000 + code.length);
  out.set(encodeBl616Header(f5Like({ bootConfig: 0x0100, hash: sha256Of(code) })));
  out.set(code, 0x2000);
  return out;
}

/** A firmware-slot image: header, 0xFF filler, the application 4 KiB in. */
function bl616Firmware(app: Uint8Array): Uint8Array {
  const out = new Uint8Array(0x1000 + app.length).fill(0xff);
  out.set(encodeBl616Header(f5Like({ bootConfig: 0x0100, imageStart: 0x1000, imageLength: app.length, hash: sha256Of(app) })));
  out.set(app, 0x1000);
  return out;
}

test('inspect checks BL616 boot2 and firmware images instead of only naming them', { skip: noCorpus }, () => {
  const boot2 = inspectImage(bl616Boot2());
  // Code at img_start with no boot2 strings in it: a single image the ROM boots, BL616 from its header alone.
  assert.deepEqual([boot2.kind, boot2.family, boot2.app!.imageOffset, boot2.app!.hash, boot2.app!.headerCrc, boot2.verdict.restorable], ['bl-mcu-image', 'BL616', 0x2000, 'ok', 'ok', true]);
  const app = pseudoBytes(0x4000, 0xf16);
  const firmware = bl616Firmware(app);
  assert.deepEqual(extractPart(firmware, 'app').bytes, app);
  assert.throws(() => templateHeader(firmware), /256-byte BL616\/BL618 boot header; this step takes only the 176-byte/);
  const report = inspectImage(firmware);
  assert.deepEqual([report.kind, report.family, report.app!.imageOffset, report.app!.hash, report.verdict.restorable], ['bl-firmware', 'BL616', 0x1000, 'ok', true]);
  firmware[0x1800] ^= 1;
  assert.match(inspectImage(firmware).verdict.problems.join(), /image at 0x1000\.\.0x5000 does not match the SHA-256/);
});

test('a BL616 flash image is walked like a BL602 one: boot2, both tables, the firmware slot, and it splits', { skip: noCorpus }, () => {
  const table = encodePartitionTable({ version: 0, age: 0, entries: BL602_SAMPLE_PARTITIONS });
  const { bytes } = layPieces([
    { what: 'boot2', offset: 0, bytes: bl616Boot2() },
    { what: 'table', offset: 0xe000, bytes: table },
    { what: 'table', offset: 0xf000, bytes: table },
    { what: 'firmware', offset: 0x10000, bytes: bl616Firmware(pseudoBytes(0x8000, 0xf17)) },
  ]);
  const report = inspectImage(bytes);
  assert.deepEqual([report.kind, report.family, report.bootloader!.hash, report.app!.hash, report.app!.imageOffset], ['merged-image', 'BL616', 'ok', 'ok', 0x11000]);
  assert.deepEqual(report.verdict.problems, []);
  const files = splitFlashImage(bytes).manifest.files.map((f) => [f.file, f.address, f.length]);
  assert.deepEqual(files.slice(0, 3), [
    ['boot2.bin', 0, 0x5000],
    ['boot2.header.bin', 0, 256],
    ['boot2.image.bin', 0x2000, 0x3000],
  ]);
  assert.ok(files.some(([file, address, length]) => file === 'FW.0.header.bin' && address === 0x10000 && length === 256));
});
