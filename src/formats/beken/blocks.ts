import { bytesEqual } from '../bytes.js';
import { FormatError, hex } from '../errors.js';
import { crc16Cms, CRC16_CMS_TABLE } from './crc16.js';

/** CRC regions are stored as 32 data bytes followed by their CRC-16/CMS, big-endian. */
export const BLOCK_DATA = 32;
export const BLOCK_SIZE = 34;

export type BlockState = 'valid' | 'erased' | 'bad';

const ERASED = new Uint8Array(0x10000).fill(0xff);
const ERASED_STRIDES = [0x10000, 0x1000, 0x100];

/** Classifies the 34-byte block at `offset`: an erased block (all 0xFF) fails its CRC but is not damage. */
export function blockState(data: Uint8Array, offset: number): BlockState {
  const stored = (data[offset + 32] << 8) | data[offset + 33];
  if (crc16Cms(data, offset, offset + BLOCK_DATA) === stored) return 'valid';
  for (let i = offset; i < offset + BLOCK_SIZE; i++) if (data[i] !== 0xff) return 'bad';
  return 'erased';
}

export interface RegionScan {
  /** Physical offset of the region's first block. */
  start: number;
  blocks: number;
  valid: number;
  erased: number;
  bad: number;
  /** Physical offsets of the first bad blocks (at most `maxBadListed`). */
  badOffsets: number[];
  /** Index of the first block that is not valid (the end of the contiguous valid run), or `blocks`. */
  firstNonValid: number;
  /** Index just past the last valid block (0 when none is valid). */
  validEnd: number;
}

/** Walks whole 34-byte blocks in phys [start, end) and counts each kind. */
export function scanRegion(data: Uint8Array, start: number, end: number, maxBadListed = 16): RegionScan {
  return walkBlocks(data, start, end, null, maxBadListed);
}

/** scanRegion and stripCrc of the same blocks in one pass: the counts and the 32 data bytes of each block. */
export function scanAndStrip(data: Uint8Array, start: number, end: number, maxBadListed = 16): { scan: RegionScan; body: Uint8Array } {
  const blocks = Math.max(0, Math.floor((Math.min(end, data.length) - start) / BLOCK_SIZE));
  const body = new Uint8Array(blocks * BLOCK_DATA);
  return { scan: walkBlocks(data, start, end, body, maxBadListed), body };
}

/**
 * The block walk behind scanRegion and scanAndStrip; `body` (when given) receives each block's data bytes.
 * Erased stretches (a partition is mostly erased fill after its code) are found with whole-range compares
 * and counted without a CRC each: an all-0xFF block never passes its CRC (CRC-16/CMS of 32 × 0xFF is 0x000C).
 */
function walkBlocks(data: Uint8Array, start: number, end: number, body: Uint8Array | null, maxBadListed: number): RegionScan {
  const blocks = Math.max(0, Math.floor((Math.min(end, data.length) - start) / BLOCK_SIZE));
  const scan: RegionScan = { start, blocks, valid: 0, erased: 0, bad: 0, badOffsets: [], firstNonValid: -1, validEnd: 0 };
  const table = CRC16_CMS_TABLE;
  for (let k = 0; k < blocks; k++) {
    const offset = start + k * BLOCK_SIZE;
    if (data[offset] === 0xff && data[offset + BLOCK_SIZE - 1] === 0xff) {
      const erased = Math.floor((erasedRunEnd(data, offset, start + blocks * BLOCK_SIZE) - offset) / BLOCK_SIZE);
      if (erased > 0) {
        if (scan.firstNonValid < 0) scan.firstNonValid = k;
        scan.erased += erased;
        body?.fill(0xff, k * BLOCK_DATA, (k + erased) * BLOCK_DATA);
        k += erased - 1;
        continue;
      }
    }
    let crc = 0xffff;
    let o = k * BLOCK_DATA;
    for (let i = offset; i < offset + BLOCK_DATA; i++) {
      const byte = data[i];
      if (body) body[o++] = byte;
      crc = ((crc << 8) & 0xffff) ^ table[(crc >> 8) ^ byte];
    }
    if (crc === ((data[offset + 32] << 8) | data[offset + 33])) {
      scan.valid++;
      scan.validEnd = k + 1;
      continue;
    }
    // Not all 0xFF (else the erased run above had taken it): damage.
    if (scan.firstNonValid < 0) scan.firstNonValid = k;
    scan.bad++;
    if (scan.badOffsets.length < maxBadListed) scan.badOffsets.push(offset);
  }
  if (scan.firstNonValid < 0) scan.firstNonValid = blocks;
  return scan;
}

/**
 * The end of the run of 0xFF bytes that starts at `from` (at most `end`): compared 64 KiB at a time while
 * whole strides match, then 4 KiB, then 256 bytes, then bytewise, so a long erased stretch costs a few compares.
 */
export function erasedRunEnd(data: Uint8Array, from: number, end: number): number {
  if (from >= end || data[from] !== 0xff) return from;
  let at = from;
  for (const stride of ERASED_STRIDES) {
    while (end - at >= stride && bytesEqual(ERASED.subarray(0, stride), data.subarray(at, at + stride))) at += stride;
  }
  while (at < end && data[at] === 0xff) at++;
  return at;
}

/** logical -> physical offset inside a CRC region that starts at physical 0. */
export function toPhysical(logical: number): number {
  return Math.floor(logical / BLOCK_DATA) * BLOCK_SIZE + (logical % BLOCK_DATA);
}

/** physical -> logical offset; throws when the offset points into a CRC field. */
export function toLogical(physical: number): number {
  const within = physical % BLOCK_SIZE;
  if (within >= BLOCK_DATA) throw new FormatError(physical, `${hex(physical)} is inside a block's CRC bytes, not data`);
  return Math.floor(physical / BLOCK_SIZE) * BLOCK_DATA + within;
}

/** Removes the CRC bytes of every whole block of `region` (no check; see scanRegion). */
export function stripCrc(region: Uint8Array): Uint8Array {
  const blocks = Math.floor(region.length / BLOCK_SIZE);
  const out = new Uint8Array(blocks * BLOCK_DATA);
  let o = 0;
  for (let k = 0; k < blocks; k++) {
    const from = k * BLOCK_SIZE;
    for (let i = 0; i < BLOCK_DATA; i++) out[o++] = region[from + i];
  }
  return out;
}

/**
 * Frames logical bytes as 34-byte blocks. A partial last block is padded with 0xFF; blocks whose
 * 32 bytes are all 0xFF are written erased (34 × 0xFF), as flash holds them, when `keepErased` is set.
 */
export function addCrc(logical: Uint8Array, { keepErased = true } = {}): Uint8Array {
  const blocks = Math.ceil(logical.length / BLOCK_DATA);
  const out = new Uint8Array(blocks * BLOCK_SIZE).fill(0xff);
  for (let k = 0; k < blocks; k++) {
    const o = k * BLOCK_SIZE;
    out.set(logical.subarray(k * BLOCK_DATA, (k + 1) * BLOCK_DATA), o);
    if (keepErased && isAllFF(out, o, o + BLOCK_DATA)) continue;
    const crc = crc16Cms(out, o, o + BLOCK_DATA);
    out[o + 32] = crc >> 8;
    out[o + 33] = crc & 0xff;
  }
  return out;
}

/** True when data[start, end) is all 0xFF. */
export function isAllFF(data: Uint8Array, start = 0, end = data.length): boolean {
  return erasedRunEnd(data, start, end) >= end;
}
