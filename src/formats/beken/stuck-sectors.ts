import { bytesEqual, view } from '../bytes.js';
import { erasedRunEnd } from './blocks.js';

const SECTOR = 0x1000;

export interface RepeatedSectors {
  /** How many sectors share the most common non-erased content. */
  count: number;
  /** Offset of the first of them. */
  first: number;
}

/**
 * The largest group of identical sectors that are not erased: a reader stuck on one buffer
 * returns the same 4 KiB again and again. Sectors are grouped by three of their words, then compared whole.
 */
export function largestRepeatedSectorGroup(data: Uint8Array): RepeatedSectors | null {
  const groups = new Map<string, number[]>();
  const bytes = view(data);
  for (let o = 0; o + SECTOR <= data.length; o += SECTOR) {
    // Erased sectors are skipped a whole erased stretch at a time.
    const erasedSectors = Math.floor((erasedRunEnd(data, o, data.length) - o) / SECTOR);
    if (erasedSectors > 0) {
      o += (erasedSectors - 1) * SECTOR;
      continue;
    }
    // A cheap key from three words; equal keys are compared whole below.
    const key = `${bytes.getUint32(o, true)}:${bytes.getUint32(o + 0x800, true)}:${bytes.getUint32(o + SECTOR - 4, true)}`;
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  let best: RepeatedSectors | null = null;
  for (const offsets of groups.values()) {
    if (offsets.length < 2 || (best && offsets.length <= best.count)) continue;
    const first = data.subarray(offsets[0], offsets[0] + SECTOR);
    const same = offsets.filter((o) => bytesEqual(data.subarray(o, o + SECTOR), first));
    if (same.length >= 2 && (!best || same.length > best.count)) best = { count: same.length, first: same[0] };
  }
  return best;
}
