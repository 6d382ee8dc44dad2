import { FormatError, hex } from '../errors.js';
import { sha256Of } from '../bytes.js';
import { bootFlags, checkBootHeader, decodeAnyBootHeader, decodeBootHeader, encodeBootHeader, sealBootHeader, type BootHeader } from './boot-header.js';
import { FIRMWARE_IMAGE_GAP } from './boot-image.js';

/** The SDK pads firmware to a multiple of 16 bytes with zeros, and stores and hashes the padded length. */
const IMAGE_ALIGNMENT = 16;

/**
 * Takes the flash and clock settings from a header that boots on the target board (any dump, or the
 * SDK's bootinfo.bin). Refuses headers that cannot serve: RAM images, signed or encrypted ones.
 */
export function templateHeader(data: Uint8Array, offset = 0): BootHeader {
  const header = decodeBootHeader(data, offset);
  const flags = bootFlags(header.bootConfig);
  if (!header.hasFlashConfig || !flags.noSegment) throw new FormatError(offset, 'this boot header belongs to a RAM image, not to a flash image');
  if (flags.sign || flags.encryptType) throw new FormatError(offset + 116, 'this boot header is for a signed or encrypted image; fwkit cannot sign or encrypt');
  const check = checkBootHeader(header);
  if (check.flashConfigCrc !== 'ok' || check.clockConfigCrc !== 'ok') {
    throw new FormatError(offset + 96, 'the flash or clock configuration in this boot header fails its CRC, so it cannot be trusted as a template');
  }
  return header;
}

/**
 * Builds a firmware-partition image the way boot2 reads it: boot header, 0xFF filler up to 4 KiB,
 * then the application padded with zeros to 16 bytes, its length and SHA-256 in the header.
 */
export function wrapFirmware(app: Uint8Array, template: BootHeader): Uint8Array {
  if (app.length === 0) throw new RangeError('the application is empty');
  const paddedLength = Math.ceil(app.length / IMAGE_ALIGNMENT) * IMAGE_ALIGNMENT;
  const out = new Uint8Array(FIRMWARE_IMAGE_GAP + paddedLength).fill(0xff);
  const image = out.subarray(FIRMWARE_IMAGE_GAP);
  image.fill(0);
  image.set(app);
  const header = sealBootHeader({ ...template, imageLength: paddedLength, hash: sha256Of(image) });
  out.set(encodeBootHeader(header));
  return out;
}

/** The application inside a firmware-partition image (header at 0, image 4 KiB in). */
export function unwrapFirmware(firmware: Uint8Array): Uint8Array {
  const header = decodeAnyBootHeader(firmware);
  const end = FIRMWARE_IMAGE_GAP + header.imageLength;
  if (end > firmware.length) {
    throw new FormatError(FIRMWARE_IMAGE_GAP, `the header announces a ${header.imageLength}-byte image, but the data ends at ${hex(firmware.length)}`);
  }
  return firmware.subarray(FIRMWARE_IMAGE_GAP, end);
}
