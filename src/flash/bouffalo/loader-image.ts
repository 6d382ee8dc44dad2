import { bootFlags, checkBootHeader, decodeBootHeader, hashIsPlaceholder } from '../../formats/bouffalo/boot-header.js';
import { bytesEqual, sha256Of } from '../../formats/bytes.js';
import { FormatError, hex } from '../../formats/errors.js';
import { RAM_IMAGE_HEADER_SIZE, SEGMENT_HEADER_SIZE, decodeRamImage, type RamImage } from '../../formats/bouffalo/ram-image.js';
import { BouffaloSetupError } from './errors.js';

/** The boot ROM copies loader segments into its RAM window. */
export function isRamAddress(address: number): boolean {
  return (address >= 0x22000000 && address < 0x23000000) || (address >= 0x42000000 && address < 0x43000000);
}

/** Throws a FormatError for the first thing in an eflash_loader image the ROM would refuse. */
export function checkLoaderImage(bytes: Uint8Array): RamImage {
  const header = decodeBootHeader(bytes);
  if (checkBootHeader(header).headerCrc === 'bad') throw new FormatError(172, `the boot header CRC ${hex(header.headerCrc, 8)} does not match the header`);
  const flags = bootFlags(header.bootConfig);
  if (flags.sign || flags.encryptType) throw new FormatError(116, 'the loader is signed or encrypted, which a chip without keys refuses');
  const image = decodeRamImage(bytes);
  if (!(flags.hashIgnore && hashIsPlaceholder(header))) {
    const last = image.segments.at(-1)!;
    const covered = bytes.subarray(RAM_IMAGE_HEADER_SIZE, last.offset + SEGMENT_HEADER_SIZE + last.header.length);
    if (!bytesEqual(sha256Of(covered), header.hash)) throw new FormatError(132, 'the SHA-256 in the boot header does not match the segments');
  }
  for (const segment of image.segments) {
    const { destination, length } = segment.header;
    if (!isRamAddress(destination) || !isRamAddress(destination + Math.max(0, length - 1))) {
      throw new FormatError(segment.offset, `segment load address ${hex(destination, 8)} is not in the chip's RAM`);
    }
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
