import { BLOCK_DATA, BLOCK_SIZE, scanAndStrip, type RegionScan } from './blocks.js';
import { cryptWords, type BekenKey } from './cipher.js';
import { decodeRblHeader, isRblHeader, verifyTrailer, type TrailerCheck } from './rbl.js';

/** The trailer header framed with CRC16: 3 blocks at the very end of a CRC partition. */
export const TRAILER_PHYS_SIZE = 3 * BLOCK_SIZE;

/** What one CRC partition (bootloader or app) holds and whether it is intact. */
export interface CrcPartitionCheck {
  physStart: number;
  /** Physical length of the partition (its section size). */
  physLength: number;
  /** Bytes of the partition actually present in the file. */
  physPresent: number;
  logicalBase: number;
  /** Blocks of the body (everything before the trailer) and of the trailer, together. */
  scan: RegionScan;
  /** CRC-stripped, still encrypted bytes of the body. */
  body: Uint8Array;
  trailer: TrailerCheck | null;
  /** Blocks the trailer says hold code: ceil(size_raw / 32). */
  codeBlocks: number | null;
  /** The code blocks are valid and contiguous from the start, the rest of the body erased. */
  layoutOk: boolean;
}

/**
 * Checks the CRC partition at phys [start, start + length): the packager writes its trailer as the
 * last 102 bytes of the section, so the body and the trailer are framed separately.
 */
export function checkCrcPartition(data: Uint8Array, physStart: number, physLength: number, logicalBase: number): CrcPartitionCheck {
  const present = Math.max(0, Math.min(physLength, data.length - physStart));
  const complete = present === physLength;
  const trailerStart = physStart + physLength - TRAILER_PHYS_SIZE;
  const bodyEnd = complete ? trailerStart : physStart + present;
  const { scan, body } = scanAndStrip(data, physStart, bodyEnd);
  let trailer: TrailerCheck | null = null;
  if (complete) {
    const { scan: trailerScan, body: header } = scanAndStrip(data, trailerStart, trailerStart + TRAILER_PHYS_SIZE);
    mergeScan(scan, trailerScan);
    if (isRblHeader(header)) trailer = verifyTrailer(body, decodeRblHeader(header));
  }
  const codeBlocks = trailer ? Math.ceil(trailer.header.sizeRaw / BLOCK_DATA) : null;
  const bodyBlocks = Math.floor((bodyEnd - physStart) / BLOCK_SIZE);
  const layoutOk = codeBlocks !== null && scan.firstNonValid >= codeBlocks && scan.valid === codeBlocks + 3 && scan.erased === bodyBlocks - codeBlocks;
  return { physStart, physLength, physPresent: present, logicalBase, scan, body, trailer, codeBlocks, layoutOk };
}

function mergeScan(into: RegionScan, trailer: RegionScan): void {
  if (into.firstNonValid === into.blocks && trailer.firstNonValid < trailer.blocks) into.firstNonValid = into.blocks + trailer.firstNonValid;
  if (trailer.validEnd > 0) into.validEnd = into.blocks + trailer.validEnd;
  into.blocks += trailer.blocks;
  into.valid += trailer.valid;
  into.erased += trailer.erased;
  into.bad += trailer.bad;
  into.badOffsets.push(...trailer.badOffsets);
}

/** Length of the code: size_raw from the trailer, else up to the first block that is not valid. */
export function codeLength(check: CrcPartitionCheck): number {
  if (check.trailer && check.trailer.header.sizeRaw <= check.body.length) return check.trailer.header.sizeRaw;
  return Math.min(check.body.length, check.scan.firstNonValid * BLOCK_DATA);
}

/** The partition's code, decrypted with `key` at its logical base. */
export function decryptCode(check: CrcPartitionCheck, key: BekenKey): Uint8Array {
  return cryptWords(check.body.subarray(0, codeLength(check)), check.logicalBase, key);
}

/** "3 blocks at 0x1A2B4, 0x1A2D6, …" for messages. */
export function badBlockSummary(scan: RegionScan): string {
  const list = scan.badOffsets.slice(0, 3).map((o) => '0x' + o.toString(16).toUpperCase());
  const more = scan.bad > list.length ? ', …' : '';
  return `${scan.bad} block${scan.bad === 1 ? '' : 's'} at ${list.join(', ')}${more}`;
}


/** The Tuya packager's bootloader section: the whole 68 KiB before the app. */
const BOOTLOADER_SECTION = 0x11000;

/**
 * The bootloader partition with its trailer: at the end of the 68 KiB section (Tuya's packager), or
 * wherever Beken's SDK packager ended a shorter section (its trailer is the last block-aligned RBL
 * header before 0x11000, e.g. at 0xFE9A, erased fill after it).
 */
export function checkBootloaderPartition(data: Uint8Array): CrcPartitionCheck {
  const whole = checkCrcPartition(data, 0, BOOTLOADER_SECTION, 0);
  if (whole.trailer) return whole;
  const last = Math.min(data.length, BOOTLOADER_SECTION) - TRAILER_PHYS_SIZE;
  for (let o = last - (last % BLOCK_SIZE); o > 0; o -= BLOCK_SIZE) {
    if (data[o] !== 0x52 || data[o + 1] !== 0x42 || data[o + 2] !== 0x4c || data[o + 3] !== 0) continue;
    const shorter = checkCrcPartition(data, 0, o + TRAILER_PHYS_SIZE, 0);
    if (shorter.trailer) return shorter;
  }
  return whole;
}
