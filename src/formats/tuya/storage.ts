import { chooseArena, type DataBlock, groupArenas, type LiveBlock, PAGE_SIZE, PAGES_PER_BLOCK, pickLiveBlocks, scanDataBlocks } from './blocks.js';
import { DATA_KEY_CANDIDATES } from './keys.js';
import { byteSum, findKeyBlocks, TUYA_KV_SECTOR, type TuyaStorageLocation } from './locate.js';
import { decodeProtectedBlock, type ProtectedBlock } from './protected.js';

export interface ValuePart {
  block: number;
  firstPage: number;
  lastPage: number;
}

/** One key/value as stored: raw bytes plus where they came from. */
export interface TuyaKvEntry {
  name: string;
  value: Uint8Array;
  /** The value's byte-sum equals the one in its index page. */
  sumOk: boolean;
  indexBlock: number;
  indexPage: number;
  parts: ValuePart[];
  /** A block it was read from had a damaged newer copy: the value may be older than the device's last. */
  possiblyStale: boolean;
}

export interface TuyaStorage {
  keyBlockOffset: number;
  /** Which platform string derived the data key ("8710_2M" on BK7231). */
  platformKey: string;
  /** Offsets of all data-block sectors of the chosen arena, in flash order. */
  arena: DataBlock[];
  live: Map<number, LiveBlock>;
  entries: TuyaKvEntry[];
  protectedBlock: ProtectedBlock | null;
  /** What went wrong but was survived: damaged pages, bad sums, other arenas. One sentence each. */
  problems: string[];
  /** Internal: the data key, for the encoder and the redactor. Secret: never print it. */
  dataKey: Uint8Array;
  deviceKey: Uint8Array;
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

function isPrintableName(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.every((b) => b >= 0x20 && b < 0x7f);
}

interface IndexRecord {
  sum: number;
  length: number;
  name: string;
  parts: ValuePart[];
}

/** Reads one 128-byte index page; null when it is not a consistent index entry. */
function readIndexPage(block: DataBlock, page: number): IndexRecord | null {
  const at = page * PAGE_SIZE;
  const bytes = block.plain.subarray(at, at + PAGE_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, PAGE_SIZE);
  if (view.getUint16(8, true) !== block.id || bytes[10] !== page) return null;
  const partCount = view.getUint16(11, true);
  const nameLength = bytes[17];
  if (nameLength < 2 || partCount < 1 || 18 + nameLength + partCount * 4 > PAGE_SIZE) return null;
  const nameBytes = bytes.subarray(18, 18 + nameLength - 1);
  if (!isPrintableName(nameBytes) || bytes[18 + nameLength - 1] !== 0) return null;
  const parts: ValuePart[] = [];
  for (let i = 0; i < partCount; i++) {
    const p = 18 + nameLength + i * 4;
    const part = { block: view.getUint16(p, true), firstPage: bytes[p + 2], lastPage: bytes[p + 3] };
    if (part.firstPage < 1 || part.lastPage < part.firstPage || part.lastPage >= PAGES_PER_BLOCK) return null;
    parts.push(part);
  }
  return { sum: view.getUint32(0, true), length: view.getUint32(4, true), name: new TextDecoder().decode(nameBytes), parts };
}

/** Where in the live blocks a value's bytes lie: one [block id, byte offset, length] per page run. */
export function valueSpans(parts: ValuePart[], length: number): Array<{ block: number; at: number; length: number }> {
  const spans: Array<{ block: number; at: number; length: number }> = [];
  let left = length;
  for (const part of parts) {
    if (left <= 0) break;
    const run = Math.min(left, (part.lastPage - part.firstPage + 1) * PAGE_SIZE);
    spans.push({ block: part.block, at: part.firstPage * PAGE_SIZE, length: run });
    left -= run;
  }
  return spans;
}

function readEntries(live: Map<number, LiveBlock>, problems: string[]): TuyaKvEntry[] {
  const byName = new Map<string, TuyaKvEntry>();
  for (const [id, { block }] of [...live].sort((a, b) => a[0] - b[0])) {
    const lostPages: number[] = [];
    for (const page of block.indexPages) {
      const record = readIndexPage(block, page);
      if (!record) {
        lostPages.push(page);
        continue;
      }
      const value = new Uint8Array(record.length);
      let filled = 0;
      let missing = false;
      let stale = false;
      for (const span of valueSpans(record.parts, record.length)) {
        const source = live.get(span.block);
        if (!source) {
          missing = true;
          break;
        }
        stale ||= source.possiblyStale;
        const bytes = source.block.plain.subarray(span.at, span.at + span.length);
        value.set(bytes, filled);
        filled += bytes.length;
      }
      if (missing || filled < record.length) {
        problems.push(`key "${record.name}": its value lies in a data block that is missing or too short`);
        continue;
      }
      const sumOk = byteSum(value) === record.sum;
      if (!sumOk) problems.push(`key "${record.name}": the value's checksum does not match (damaged data page)`);
      const entry: TuyaKvEntry = { name: record.name, value, sumOk, indexBlock: id, indexPage: page, parts: record.parts, possiblyStale: stale };
      const previous = byName.get(record.name);
      // Duplicate names: a value whose sum holds beats one whose sum does not; otherwise the first stays.
      if (!previous || (!previous.sumOk && sumOk)) byName.set(record.name, entry);
    }
    if (lostPages.length) {
      const list = lostPages.length > 3 ? `${lostPages.slice(0, 3).join(', ')}, ... (${lostPages.length} in all)` : lostPages.join(', ');
      problems.push(`data block ${id} (at ${hex(block.offset)}): index page${lostPages.length > 1 ? 's' : ''} ${list} unreadable; the keys they held are lost`);
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface Candidate {
  keyBlock: TuyaStorageLocation;
  platformKey: string;
  dataKey: Uint8Array;
  arenas: DataBlock[][];
  arena: DataBlock[];
  score: number;
}

function bestCandidate(data: Uint8Array, keyBlocks: TuyaStorageLocation[]): Candidate | null {
  let best: Candidate | null = null;
  for (const keyBlock of keyBlocks) {
    for (const candidate of DATA_KEY_CANDIDATES) {
      const dataKey = candidate.derive(keyBlock.deviceKey);
      const arenas = groupArenas(scanDataBlocks(data, dataKey), keyBlock.offset);
      const arena = chooseArena(arenas, keyBlock.offset);
      if (!arena) continue;
      const score = arena.filter((b) => b.checksumOk).length;
      if (!best || score > best.score) best = { keyBlock, platformKey: candidate.name, dataKey, arenas, arena, score };
      if (score > 0 && candidate === DATA_KEY_CANDIDATES[0]) break;
    }
  }
  return best;
}

/**
 * Decodes the Tuya KV storage found anywhere in `data` (full dump, rotated dump, or a fragment).
 * Returns null when no key block is present; throws nothing for damaged content but lists it.
 */
export function decodeTuyaStorage(data: Uint8Array): TuyaStorage | null {
  const keyBlocks = findKeyBlocks(data);
  if (!keyBlocks.length) return null;
  const chosen = bestCandidate(data, keyBlocks);
  const keyBlock = chosen?.keyBlock ?? keyBlocks[keyBlocks.length - 1];
  const problems: string[] = [];
  if (!chosen) {
    const after = data.subarray(keyBlock.offset + TUYA_KV_SECTOR, keyBlock.offset + TUYA_KV_SECTOR * 15);
    problems.push(
      after.length && after.every((b) => b === 0xff)
        ? `key block at ${hex(keyBlock.offset)} found, but the storage is empty: the sectors after it are erased`
        : `key block at ${hex(keyBlock.offset)} found, but no data block decrypts with any known platform key`,
    );
    return {
      keyBlockOffset: keyBlock.offset, platformKey: '', arena: [], live: new Map(), entries: [], protectedBlock: null,
      problems, dataKey: new Uint8Array(16), deviceKey: keyBlock.deviceKey,
    };
  }
  for (const other of chosen.arenas) {
    if (other !== chosen.arena) problems.push(`another run of ${other.length} data block(s) at ${hex(other[0].offset)}, apart from this storage, was not used (an older layout?)`);
  }
  const live = pickLiveBlocks(chosen.arena);
  for (const [id, info] of live) {
    for (const offset of info.damagedCopies) {
      problems.push(
        info.block.checksumOk
          ? `data block ${id}: the copy at ${hex(offset)} is damaged (bad checksum); the copy at ${hex(info.block.offset)} was used, its values may be older`
          : `data block ${id} at ${hex(offset)} is damaged (bad checksum) and has no intact copy; only values whose own checksum holds are kept`,
      );
    }
  }
  const entries = readEntries(live, problems);
  const protectedBlock = decodeProtectedBlock(data, keyBlock.offset - TUYA_KV_SECTOR, chosen.dataKey);
  return {
    keyBlockOffset: keyBlock.offset, platformKey: chosen.platformKey, arena: chosen.arena, live, entries, protectedBlock,
    problems, dataKey: chosen.dataKey, deviceKey: keyBlock.deviceKey,
  };
}
