/**
 * What a Bouffalo file is and where it goes: a whole-flash image at 0, a firmware image with its boot
 * header at the chip's active FW slot, a boot2 image at 0, or a raw firmware that is given a boot header
 * copied from the chip's. BL602/BL702 use the 176-byte header, BL616/BL618 the 256-byte one; each chip
 * boots only its own kind. Pure: the caller reads the chip's layout (chipLayout) from its first 64 KiB.
 */
import { BL616_HEADER_SIZE, bl616Flags, decodeBl616Header, encodeBl616Header, isBl616Header, sealBl616Header } from '../../formats/bouffalo/bl616-header.js';
import { BOOT_HEADER_SIZE, bootFlags, checkImageHash, decodeAnyBootHeader, decodeBootHeader, encodeBootHeader, sealBootHeader } from '../../formats/bouffalo/boot-header.js';
import { FIRMWARE_IMAGE_GAP, startsWithBootHeader } from '../../formats/bouffalo/boot-image.js';
import { hasTableAtKnownPlace, readFlashLayout, type FlashLayout } from '../../formats/bouffalo/flash-layout.js';
import { hasMagic, sha256Of } from '../../formats/bytes.js';
import type { Content, Geometry, VendorRules } from './content.js';
import { SECTOR } from './numbers.js';
import { GateRefused, hex, refuseUnless } from './refusal.js';
import type { BouffaloChipLayout, GateRequest } from './types.js';

/** Where firmware starts when no partition table says: boot2 and both table copies lie below it on a BL602. */
const DEFAULT_BOOT_END = 0x10000;

/** The end of boot2 and the partition tables: the sector after the last table copy found. */
function bootEndOf(layout: FlashLayout): number {
  const found = layout.tables.filter((copy) => copy.table !== null).map((copy) => copy.offset + SECTOR);
  return found.length ? Math.max(...found) : DEFAULT_BOOT_END;
}

/** Reads the chip layout from the flash head (0..0x10000) and the header at the firmware slot. */
export function chipLayout(flashSize: number, head: Uint8Array, firmwareHeader: (offset: number) => Uint8Array | null): BouffaloChipLayout {
  const layout = readFlashLayout(head);
  const slot = layout.firmware;
  const firmware = slot ? { offset: slot.offset, maxLength: slot.entry.maxLength[slot.slot] } : null;
  let template: Uint8Array | null = null;
  const current = firmware ? firmwareHeader(firmware.offset) : null;
  if (current && startsWithBootHeader(current) && hasMagic(current, 8, 'FCFG')) template = current;
  else if (startsWithBootHeader(head) && hasMagic(head, 8, 'FCFG')) template = head.subarray(0, isBl616Header(head) ? BL616_HEADER_SIZE : BOOT_HEADER_SIZE);
  return { flashSize, firmware, template, bootEnd: bootEndOf(layout) };
}

/** Pads to 16 bytes with zeros, as Bouffalo's image tool does before hashing. */
function padTo16(data: Uint8Array): Uint8Array {
  if (data.length % 16 === 0) return data;
  const out = new Uint8Array(Math.ceil(data.length / 16) * 16);
  out.set(data);
  return out;
}

/** A flash (no_segment) image with real CRC and hash: crc_ignore and hash_ignore cleared (same bits on both header kinds). */
const flashImageConfig = (word: number): number => ((word | (1 << 8)) & ~((1 << 16) | (1 << 17))) >>> 0;

/** The template's header, made to describe `image`: sealed with the image's length and SHA-256. */
function headerFor(template: Uint8Array, image: Uint8Array): Uint8Array {
  const refuse = () => new GateRefused("the chip's firmware header is signed or encrypted; fwkit cannot make a matching header for a raw firmware", 'input');
  const fields = { imageLength: image.length, hash: sha256Of(image) };
  if (isBl616Header(template)) {
    const base = decodeBl616Header(template);
    const flags = bl616Flags(base.bootConfig);
    if (flags.sign || flags.encryptType) throw refuse();
    return encodeBl616Header(sealBl616Header({ ...base, ...fields, bootConfig: flashImageConfig(base.bootConfig) }));
  }
  const base = decodeBootHeader(template);
  const flags = bootFlags(base.bootConfig);
  if (flags.sign || flags.encryptType) throw refuse();
  return encodeBootHeader(sealBootHeader({ ...base, ...fields, bootConfig: flashImageConfig(base.bootConfig) }));
}

/** A firmware file as boot2 expects it in a slot: boot header (the chip's kind), 0xFF up to 4 KiB, the image. */
export function wrapRawFirmware(firmware: Uint8Array, template: Uint8Array): Uint8Array {
  const image = padTo16(firmware);
  const out = new Uint8Array(FIRMWARE_IMAGE_GAP + image.length).fill(0xff);
  out.set(headerFor(template, image));
  out.set(image, FIRMWARE_IMAGE_GAP);
  return out;
}

/**
 * When `data` opens with a flash boot header of the other kind than `chipFamily` boots: a 256-byte
 * BL616/BL618 header on a BL602/BL702, or a 176-byte one on a BL616. The sentence, or null.
 */
export function headerKindMismatch(file: string, data: Uint8Array, chipFamily: string): string | null {
  if (!startsWithBootHeader(data) || !hasMagic(data, 8, 'FCFG')) return null;
  const fileIs616 = isBl616Header(data);
  const chipIs616 = chipFamily.toUpperCase() === 'BL616';
  if (fileIs616 === chipIs616) return null;
  const kind = fileIs616 ? 'the 256-byte BL616/BL618 kind' : 'the 176-byte BL602/BL702 kind';
  return `${file}: its boot header is ${kind}, but the chip is a ${chipIs616 ? 'BL616/BL618' : chipFamily}, whose boot ROM cannot read it; writing it would brick the device`;
}

/** The first non-erased byte at or after `from`, or -1. */
function dataAfter(data: Uint8Array, from: number): number {
  for (let i = from; i < data.length; i++) if (data[i] !== 0xff) return i;
  return -1;
}

const base = { holdsBootloader: false, bootloaderOnly: false, holdsFirmware: false, leavesNoFirmware: null, judged: true, notes: [] as string[] };

function wholeFlash({ file, data, chip }: GateRequest): Content {
  const layout = readFlashLayout(data);
  const fw = layout.firmware;
  let leavesNoFirmware: string | null = null;
  if (!fw) leavesNoFirmware = `${file}'s partition table has no FW entry, so boot2 would have nothing to boot`;
  else if (fw.offset >= data.length) {
    if (chip.layout?.firmware?.offset !== fw.offset) leavesNoFirmware = `${file} ends at ${hex(data.length)}, before the FW slot its partition table names (${hex(fw.offset)}), where the chip holds no firmware`;
  } else if (fw.state !== 'image' && fw.state !== 'xz-pending') leavesNoFirmware = `${file} holds no firmware in its FW slot at ${hex(fw.offset)} (${fw.state})`;
  return { ...base, kind: 'whole-flash', home: 0, data, what: 'a whole-flash image (boot2, partition table, firmware)', holdsBootloader: true, holdsFirmware: leavesNoFirmware === null, leavesNoFirmware };
}

function firmwareSlot(request: GateRequest, what: string): number | null {
  const slot = request.chip.layout?.firmware ?? null;
  if (!slot) return null;
  if (request.data.length > slot.maxLength) throw new GateRefused(`${request.file}: ${what} is ${request.data.length} bytes, larger than the FW partition (${slot.maxLength} bytes at ${hex(slot.offset)})`, 'input');
  return slot.offset;
}

function bouffaloContent(request: GateRequest): Content {
  const { file, data, report, chip, options } = request;
  if (report.kind === 'bl-ota') throw new GateRefused(`${file}: this is an OTA update file; install it through the firmware's OTA, or write the plain firmware image`, 'input');
  if (startsWithBootHeader(data) && hasMagic(data, 8, 'FCFG')) {
    if (hasTableAtKnownPlace(data)) return wholeFlash(request);
    // A firmware slot holds its image 4 KiB after the header; a boot2 file holds it where img_start says.
    const header = decodeAnyBootHeader(data);
    const imageAt = (offset: number) => checkImageHash(header, data, offset) === 'ok' || data.length === offset + header.imageLength;
    const start = imageAt(FIRMWARE_IMAGE_GAP) ? FIRMWARE_IMAGE_GAP : header.imageStart && imageAt(header.imageStart) ? header.imageStart : -1;
    if (start < 0 && options.offset !== undefined) return { ...base, kind: 'at-address', home: null, data, what: 'a boot header and what follows it', judged: false };
    if (start < 0) throw new GateRefused(`${file}: a boot header whose image is neither 4 KiB after it nor at ${hex(header.imageStart)}; give --offset`, 'input');
    const end = Math.ceil((start + header.imageLength) / SECTOR) * SECTOR;
    const beyond = dataAfter(data, end);
    if (beyond >= 0 && !options.forceDamaged) {
      throw refuseUnless('--force-damaged', `${file}: the file goes on past its boot image (which ends at ${hex(start + header.imageLength)}) with data at ${hex(beyond)}: it looks like a whole-flash dump whose partition tables are erased, and written as a boot image it would leave the chip without a partition table`);
    }
    if (start === FIRMWARE_IMAGE_GAP) {
      const what = 'a firmware image with its boot header';
      return { ...base, kind: 'firmware', home: firmwareSlot(request, what), data, what, holdsFirmware: true };
    }
    return { ...base, kind: 'boot2', home: 0, data, what: 'a boot2 image with its boot header', holdsBootloader: true, bootloaderOnly: true };
  }
  if (report.vendor === 'bouffalo') {
    if (report.kind === 'full-dump' || report.kind === 'merged-image' || report.kind === 'partial') return wholeFlash(request);
    return { ...base, kind: 'at-address', home: null, data, what: `a Bouffalo ${report.kind}`, judged: false };
  }
  if (options.offset !== undefined) return { ...base, kind: 'at-address', home: null, data, what: 'raw bytes', judged: false };
  // a raw firmware: boot2 needs it behind a boot header, made from the chip's own
  const template = chip.layout?.template;
  if (!template) throw new GateRefused(`${file}: a raw firmware needs a boot header, and the chip has none to copy the flash settings from; give --offset to write it as is`, 'input');
  const wrapped = wrapRawFirmware(data, template);
  const what = 'a raw firmware given a boot header';
  return { ...base, kind: 'raw-firmware', home: firmwareSlot({ ...request, data: wrapped }, what), data: wrapped, what, holdsFirmware: true, judged: false };
}

function bouffaloGeometry(request: GateRequest, content: Content): Geometry {
  if (content.kind === 'whole-flash') {
    const layout = readFlashLayout(request.data);
    const fw = layout.firmware;
    return { bootEnd: bootEndOf(layout), firmware: fw ? { offset: fw.offset, length: fw.entry.maxLength[fw.slot] } : null };
  }
  const chip = request.chip.layout;
  return { bootEnd: chip?.bootEnd ?? DEFAULT_BOOT_END, firmware: chip?.firmware ? { offset: chip.firmware.offset, length: chip.firmware.maxLength } : null };
}

export const bouffaloRules: VendorRules = { content: bouffaloContent, geometry: bouffaloGeometry };
