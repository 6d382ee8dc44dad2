import { createHash } from 'node:crypto';
import { crc32 as crc32Buffer } from 'crc';
import { FormatError, hex } from '../../formats/errors.js';
import { RAM_IMAGE_HEADER_SIZE, decodeRamImage, type RamImage } from '../../formats/bouffalo/ram-image.js';
import { BouffaloSetupError } from './errors.js';

const DEADBEEF = 0xdeadbeef;

function crc32(bytes: Uint8Array): number {
  return crc32Buffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) >>> 0;
}

/** Throws a FormatError for the first thing in an eflash_loader image the ROM would refuse. */
export function checkLoaderImage(bytes: Uint8Array): RamImage {
  if (bytes.length < 4 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'BFNP') {
    throw new FormatError(0, 'an eflash_loader image starts with "BFNP"');
  }
  const image = decodeRamImage(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bootConfig = view.getUint32(116, true);
  const storedCrc = view.getUint32(172, true);
  const crcIgnored = (bootConfig & (1 << 16)) !== 0 && storedCrc === DEADBEEF;
  const headerCrc = crc32(bytes.subarray(0, 172));
  if (!crcIgnored && storedCrc !== headerCrc) throw new FormatError(172, `boot header CRC is ${hex(storedCrc, 8)}, expected ${hex(headerCrc, 8)}`);
  if (bootConfig & 0xf) throw new FormatError(116, 'the loader is signed or encrypted, which a plain chip refuses');
  const hashIgnored = (bootConfig & (1 << 17)) !== 0 && view.getUint32(132, true) === DEADBEEF;
  if (!hashIgnored) {
    const end = image.segments.at(-1)!;
    const covered = bytes.subarray(RAM_IMAGE_HEADER_SIZE, end.offset + 16 + end.header.length);
    const digest = createHash('sha256').update(covered).digest();
    if (!digest.equals(Buffer.from(bytes.subarray(132, 164)))) throw new FormatError(132, 'the SHA-256 in the boot header does not match the segments');
  }
  for (const segment of image.segments) {
    const { destination } = segment.header;
    if (destination < 0x22000000 || destination >= 0x23000000) throw new FormatError(segment.offset, `segment load address ${hex(destination, 8)} is not in the chip's RAM`);
  }
  return image;
}

/** Same check, reported as one sentence naming the file. */
export function verifyLoaderImage(bytes: Uint8Array, file: string): RamImage {
  try {
    return checkLoaderImage(bytes);
  } catch (error) {
    if (error instanceof FormatError) throw new BouffaloSetupError(`${file}: not a usable eflash_loader image ${error.message}`);
    throw error;
  }
}
