import { FormatError, hex } from '../errors.js';
import { addCrc, BLOCK_DATA } from './blocks.js';
import { cryptWords, type BekenKey } from './cipher.js';
import { checkCrcPartition, decryptCode, TRAILER_PHYS_SIZE, type CrcPartitionCheck } from './partition.js';
import { buildTrailer } from './rbl.js';

export interface PackOptions {
  key: BekenKey;
  /** Logical address of the partition's first byte (bootloader 0, app 0x10000). */
  logicalBase: number;
  /** Section size in flash; the trailer fills its last 102 bytes. */
  physLength: number;
  /** Trailer partition name: "bootloader" or "app". */
  name: string;
  timestamp: number;
  /** Logical ranges [start, end) relative to the partition that stay unencrypted (FAL table, N marker). */
  plainIslands?: Array<[number, number]>;
}

/**
 * Builds a CRC partition section the way the SDK packager does: encrypt the code at its logical
 * address, frame it in 34-byte blocks, fill with 0xFF and end the section with the CRC-framed trailer.
 */
export function packCrcPartition(code: Uint8Array, options: PackOptions): Uint8Array {
  const body = new Uint8Array(Math.ceil(code.length / BLOCK_DATA) * BLOCK_DATA).fill(0xff);
  body.set(cryptWords(code, options.logicalBase, options.key));
  for (const [start, end] of options.plainIslands ?? []) body.set(code.subarray(start, end), start);
  const framed = addCrc(body);
  const section = new Uint8Array(options.physLength).fill(0xff);
  if (framed.length > options.physLength - TRAILER_PHYS_SIZE) {
    throw new FormatError(framed.length, `${code.length} bytes of code do not fit in a ${hex(options.physLength)}-byte partition with its trailer`);
  }
  section.set(framed);
  const trailer = buildTrailer(body.subarray(0, code.length), options.name, options.timestamp);
  section.set(addCrc(trailer, { keepErased: false }), options.physLength - TRAILER_PHYS_SIZE);
  return section;
}

export interface UnpackedPartition {
  /** The decrypted code, size_raw bytes long (or up to the first non-valid block without a trailer). */
  code: Uint8Array;
  check: CrcPartitionCheck;
}

/**
 * The inverse of packCrcPartition for a whole section (e.g. a UA file at logical 0x10000):
 * throws when a block is damaged or the trailer does not match, so no silently wrong code comes out.
 */
export function unpackCrcPartition(section: Uint8Array, key: BekenKey, logicalBase: number): UnpackedPartition {
  const check = checkCrcPartition(section, 0, section.length, logicalBase);
  if (check.scan.bad) throw new FormatError(check.scan.badOffsets[0], `CRC mismatch in ${check.scan.bad} block(s) of the partition`);
  if (check.trailer && (!check.trailer.crcValid || !check.trailer.hashValid)) {
    throw new FormatError(section.length - TRAILER_PHYS_SIZE, 'the partition trailer checksums do not match its content');
  }
  return { code: decryptCode(check, key), check };
}
