import { aes128EcbDecrypt, byteSum, sectorsWithMagic, TUYA_KV_SECTOR } from './locate.js';

export const DATA_BLOCK_MAGICS = [0x98761234, 0x135726ab] as const;
export const PAGE_SIZE = 128;
export const PAGES_PER_BLOCK = TUYA_KV_SECTOR / PAGE_SIZE;

/** One decrypted data-block copy (a data sector or a swap copy of one). */
export interface DataBlock {
  /** Sector offset in the input. */
  offset: number;
  id: number;
  generation: number;
  /** Page numbers (1..31) that hold index entries. */
  indexPages: number[];
  checksumOk: boolean;
  plain: Uint8Array;
}

export function decodeDataBlock(data: Uint8Array, offset: number, dataKey: Uint8Array): DataBlock {
  const plain = aes128EcbDecrypt(dataKey, data.subarray(offset, offset + TUYA_KV_SECTOR));
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const checksumOk = view.getUint32(4, true) === byteSum(plain.subarray(8));
  const bitmapSize = Math.min(plain[14], 4);
  const indexPages: number[] = [];
  for (let page = 1; page < Math.min(PAGES_PER_BLOCK, bitmapSize * 8); page++) {
    if (plain[15 + (page >> 3)] & (1 << (page & 7))) indexPages.push(page);
  }
  return { offset, id: view.getUint16(8, true), generation: view.getUint32(10, true), indexPages, checksumOk, plain };
}

/** Every sector that decrypts to a data-block magic under `dataKey`, valid checksum or not. */
export function scanDataBlocks(data: Uint8Array, dataKey: Uint8Array): DataBlock[] {
  return sectorsWithMagic(data, dataKey, DATA_BLOCK_MAGICS).map((offset) => decodeDataBlock(data, offset, dataKey));
}

/** Sectors a storage spans after its key block: 14 data blocks and 3 swap blocks. */
export const STORAGE_SECTORS_AFTER_KEY = 17;

/**
 * Groups blocks into arenas. The sectors right after the key block are its own storage, however damaged;
 * blocks elsewhere (an older layout left behind) form arenas of adjacent sectors. Index pages name block
 * ids, not addresses, so blocks of two arenas are never mixed.
 */
export function groupArenas(blocks: DataBlock[], keyBlockOffset: number): DataBlock[][] {
  const start = keyBlockOffset + TUYA_KV_SECTOR;
  const end = start + STORAGE_SECTORS_AFTER_KEY * TUYA_KV_SECTOR;
  const own = blocks.filter((b) => b.offset >= start && b.offset < end);
  const others = splitArenas(blocks.filter((b) => b.offset < start || b.offset >= end));
  return own.length ? [own, ...others] : others;
}

/** Splits blocks into runs of adjacent sectors (one unreadable sector may sit inside a run). */
export function splitArenas(blocks: DataBlock[]): DataBlock[][] {
  const arenas: DataBlock[][] = [];
  for (const block of blocks) {
    const current = arenas[arenas.length - 1];
    const previous = current?.[current.length - 1];
    if (previous && block.offset - previous.offset <= 2 * TUYA_KV_SECTOR) current.push(block);
    else arenas.push([block]);
  }
  return arenas;
}

/** The arena with the most checksum-valid blocks; on a tie the one nearest the key block. */
export function chooseArena(arenas: DataBlock[][], keyBlockOffset: number): DataBlock[] | null {
  let best: DataBlock[] | null = null;
  let bestScore = -1;
  let bestDistance = Infinity;
  for (const arena of arenas) {
    const score = arena.filter((b) => b.checksumOk).length;
    const distance = Math.abs(arena[0].offset - keyBlockOffset);
    if (score > bestScore || (score === bestScore && distance < bestDistance)) {
      best = arena;
      bestScore = score;
      bestDistance = distance;
    }
  }
  return best;
}

export interface LiveBlock {
  block: DataBlock;
  /** Copies of this id that failed their checksum (damaged pages). */
  damagedCopies: number[];
  /** True when the chosen copy is not the newest one seen (a damaged newer copy was skipped). */
  possiblyStale: boolean;
}

/**
 * Picks the live copy of each block id: the checksum-valid copy with the highest generation, the first
 * in flash order on a tie. An id with no valid copy keeps its damaged copy, whose values are then
 * accepted only when their own sums hold.
 */
export function pickLiveBlocks(arena: DataBlock[]): Map<number, LiveBlock> {
  const live = new Map<number, LiveBlock>();
  const byId = new Map<number, DataBlock[]>();
  for (const block of arena) byId.set(block.id, [...(byId.get(block.id) ?? []), block]);
  for (const [id, copies] of byId) {
    const valid = copies.filter((c) => c.checksumOk);
    const damaged = copies.filter((c) => !c.checksumOk).map((c) => c.offset);
    const pool = valid.length ? valid : copies;
    let chosen = pool[0];
    for (const copy of pool) if (copy.generation > chosen.generation) chosen = copy;
    // A damaged copy may have been the newest one: the valid copy used instead can be older.
    live.set(id, { block: chosen, damagedCopies: damaged, possiblyStale: valid.length > 0 && damaged.length > 0 });
  }
  return live;
}
