import { bootFlags, checkImageHash, decodeBootHeader, encodeBootHeader, sealBootHeader } from '../../formats/bouffalo/boot-header.js';
import { FIRMWARE_IMAGE_GAP, startsWithBootHeader } from '../../formats/bouffalo/boot-image.js';
import { hasTableAtKnownPlace, readFlashLayout } from '../../formats/bouffalo/flash-layout.js';
import { hasMagic, sha256Of } from '../../formats/bytes.js';
import { hex } from '../../formats/errors.js';
import { inspectImage } from '../../formats/inspect.js';
import { WriteRefused } from '../write-refused.js';

/**
 * Deciding what a file is and where it goes on a BL602/BL702 flash: a whole-flash image at 0, a
 * firmware image with its boot header at the active FW slot, a boot2 image at 0, or a raw firmware
 * that gets a boot header first. Pure: the caller reads the chip's current layout.
 */
export type WriteKind = 'whole-flash' | 'boot2' | 'firmware' | 'raw-firmware' | 'at-address';

export interface WritePlan {
  kind: WriteKind;
  address: number;
  /** What goes to the flash (the file, or the file with a boot header in front). */
  data: Uint8Array;
  description: string;
}

/** What the chip's flash says about where firmware lives, from its first 64 KiB. */
export interface ChipLayout {
  flashSize: number;
  /** Active FW slot offset and its size, from the partition table on the chip. */
  firmware: { offset: number; maxLength: number } | null;
  /** A boot header with a flash configuration (the chip's FW header, or boot2's) to wrap raw firmware with. */
  template: Uint8Array | null;
}

export { WriteRefused };

/** Reads the chip layout from the flash head (0..0x10000) and the header at the firmware slot. */
export function chipLayout(flashSize: number, head: Uint8Array, firmwareHeader: (offset: number) => Uint8Array | null): ChipLayout {
  const layout = readFlashLayout(head);
  const slot = layout.firmware;
  const firmware = slot ? { offset: slot.offset, maxLength: slot.entry.maxLength[slot.slot] } : null;
  let template: Uint8Array | null = null;
  const current = firmware ? firmwareHeader(firmware.offset) : null;
  if (current && startsWithBootHeader(current) && hasMagic(current, 8, 'FCFG')) template = current;
  else if (startsWithBootHeader(head) && hasMagic(head, 8, 'FCFG')) template = head.subarray(0, 176);
  return { flashSize, firmware, template };
}

/** Pads to 16 bytes with zeros, as Bouffalo's image tool does before hashing. */
function padTo16(data: Uint8Array): Uint8Array {
  if (data.length % 16 === 0) return data;
  const out = new Uint8Array(Math.ceil(data.length / 16) * 16);
  out.set(data);
  return out;
}

/** A firmware file as boot2 expects it in a slot: boot header, 0xFF up to 4 KiB, the image. */
export function wrapRawFirmware(firmware: Uint8Array, template: Uint8Array): Uint8Array {
  const base = decodeBootHeader(template);
  const flags = bootFlags(base.bootConfig);
  if (flags.sign || flags.encryptType) throw new WriteRefused('the chip\'s firmware header is signed or encrypted; fwkit cannot make a matching header for a raw firmware');
  const image = padTo16(firmware);
  // a flash (no_segment) image with real CRC and hash: crc_ignore and hash_ignore cleared
  const bootConfig = (base.bootConfig | (1 << 8)) & ~((1 << 16) | (1 << 17));
  const header = sealBootHeader({ ...base, bootConfig, imageLength: image.length, hash: sha256Of(image) });
  const out = new Uint8Array(FIRMWARE_IMAGE_GAP + image.length).fill(0xff);
  out.set(encodeBootHeader(header));
  out.set(image, FIRMWARE_IMAGE_GAP);
  return out;
}

function checkFits(plan: WritePlan, chip: ChipLayout, file: string): WritePlan {
  const end = plan.address + plan.data.length;
  if (end > chip.flashSize) throw new WriteRefused(`${file}: ${plan.description} ends at ${hex(end)}, past the end of the ${chip.flashSize / 1048576} MiB flash`);
  if (plan.address % 0x1000) throw new WriteRefused(`${file}: the write address ${hex(plan.address)} is not a multiple of 4 KiB (the flash erases whole sectors)`);
  return plan;
}

export function planWrite(data: Uint8Array, file: string, chip: ChipLayout, address?: number): WritePlan {
  const report = inspectImage(data);
  if (report.vendor === 'beken') {
    throw new WriteRefused(`${file}: this is a Beken ${report.family ?? 'BK72xx'} file (${report.kind}); it cannot be written to a Bouffalo chip`);
  }
  if (report.kind === 'bl-ota') throw new WriteRefused(`${file}: this is an OTA update file; install it through the firmware's OTA, or write the plain firmware image`);
  if (address !== undefined) return checkFits({ kind: 'at-address', address, data, description: `the file written as is at ${hex(address)}` }, chip, file);

  if (startsWithBootHeader(data) && hasMagic(data, 8, 'FCFG')) {
    if (hasTableAtKnownPlace(data)) return checkFits({ kind: 'whole-flash', address: 0, data, description: 'a whole-flash image (boot2, partition table, firmware) at 0' }, chip, file);
    // A firmware slot holds its image 4 KiB after the header; a boot2 file holds it where img_start says.
    const header = decodeBootHeader(data);
    const imageAt = (offset: number) => checkImageHash(header, data, offset) === 'ok' || data.length === offset + header.imageLength;
    if (imageAt(FIRMWARE_IMAGE_GAP)) return firmwarePlan('firmware', data, file, chip, 'a firmware image with its boot header');
    if (header.imageStart && imageAt(header.imageStart)) return checkFits({ kind: 'boot2', address: 0, data, description: 'a boot2 image with its boot header at 0' }, chip, file);
    throw new WriteRefused(`${file}: a boot header whose image is neither 4 KiB after it nor at ${hex(header.imageStart)}; give --address`);
  }
  if (report.vendor === 'bouffalo') throw new WriteRefused(`${file}: a Bouffalo ${report.kind} file cannot be placed automatically; give --address`);
  if (!chip.template) throw new WriteRefused(`${file}: a raw firmware needs a boot header, and the chip has none to copy the flash settings from; give --address to write it as is`);
  if (!chip.firmware) throw new WriteRefused(`${file}: the chip has no valid partition table with a FW entry; give --address`);
  const wrapped = wrapRawFirmware(data, chip.template);
  return firmwarePlan('raw-firmware', wrapped, file, chip, 'a raw firmware given a boot header');
}

function firmwarePlan(kind: WriteKind, data: Uint8Array, file: string, chip: ChipLayout, what: string): WritePlan {
  if (!chip.firmware) throw new WriteRefused(`${file}: ${what} goes to the FW partition, but the chip has no valid partition table with a FW entry; give --address`);
  const { offset, maxLength } = chip.firmware;
  if (data.length > maxLength) throw new WriteRefused(`${file}: ${what} is ${data.length} bytes, larger than the FW partition (${maxLength} bytes at ${hex(offset)})`);
  return checkFits({ kind, address: offset, data, description: `${what} at the active FW slot ${hex(offset)}` }, chip, file);
}
