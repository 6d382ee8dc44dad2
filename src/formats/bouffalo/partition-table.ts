import { FormatError, hex } from '../errors.js';
import { crc32Of, hasMagic, isPrintable, readCString, view, writeCString } from '../bytes.js';

/** The Bouffalo partition table ("BFPT"): a 16-byte header, 36-byte entries, then a CRC32 of the entries. */
export const PT_HEADER_SIZE = 16;
export const PT_ENTRY_SIZE = 36;
/** boot2 and every tool refuse more entries than this. */
export const PT_MAX_ENTRIES = 16;
const NAME_LENGTH = 9;

export interface PartitionEntry {
  /** Numeric type; not stable between SDKs, so partitions are identified by name. */
  type: number;
  device: number;
  /** 0 or 1 selects a slot; 2 or more asks boot2 to copy slot (activeIndex & 1) first. */
  activeIndex: number;
  name: string;
  address: [number, number];
  maxLength: [number, number];
  /** Length of a compressed image or of a pending copy; usually 0. */
  length: number;
  age: number;
}

export interface PartitionTable {
  version: number;
  /** Generation of the table: the copy with the higher age wins. */
  age: number;
  entries: PartitionEntry[];
}

export interface DecodedPartitionTable extends PartitionTable {
  headerCrcOk: boolean;
  entriesCrcOk: boolean;
  /** Bytes the table occupies: 16 + 36 x entries + 4. */
  byteLength: number;
}

export function partitionTableSize(entryCount: number): number {
  return PT_HEADER_SIZE + PT_ENTRY_SIZE * entryCount + 4;
}

/** Decodes the table at `offset`; throws when there is no table there or it cannot be read whole. */
export function decodePartitionTable(data: Uint8Array, offset = 0): DecodedPartitionTable {
  if (!hasMagic(data, offset, 'BFPT')) throw new FormatError(offset, 'expected the partition table magic "BFPT"');
  if (offset + PT_HEADER_SIZE > data.length) throw new FormatError(offset, 'the partition table header is cut short');
  const header = view(data.subarray(offset, offset + PT_HEADER_SIZE));
  const count = header.getUint16(6, true);
  if (count > PT_MAX_ENTRIES) throw new FormatError(offset + 6, `the partition table claims ${count} entries, more than the ${PT_MAX_ENTRIES} allowed`);
  const byteLength = partitionTableSize(count);
  if (offset + byteLength > data.length) throw new FormatError(offset, `the partition table of ${count} entries needs ${byteLength} bytes but the data ends first`);
  const bytes = data.subarray(offset, offset + byteLength);
  const v = view(bytes);
  const entries: PartitionEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = PT_HEADER_SIZE + i * PT_ENTRY_SIZE;
    entries.push({
      type: bytes[at],
      device: bytes[at + 1],
      activeIndex: bytes[at + 2],
      name: readCString(bytes, at + 3, NAME_LENGTH),
      address: [v.getUint32(at + 12, true), v.getUint32(at + 16, true)],
      maxLength: [v.getUint32(at + 20, true), v.getUint32(at + 24, true)],
      length: v.getUint32(at + 28, true),
      age: v.getUint32(at + 32, true),
    });
  }
  const entriesEnd = PT_HEADER_SIZE + count * PT_ENTRY_SIZE;
  return {
    version: header.getUint16(4, true),
    age: header.getUint32(8, true),
    entries,
    headerCrcOk: header.getUint32(12, true) === crc32Of(bytes.subarray(0, 12)),
    entriesCrcOk: v.getUint32(entriesEnd, true) === crc32Of(bytes.subarray(PT_HEADER_SIZE, entriesEnd)),
    byteLength,
  };
}

/** Encodes a table with both CRCs computed. */
export function encodePartitionTable(table: PartitionTable): Uint8Array {
  const count = table.entries.length;
  if (count > PT_MAX_ENTRIES) throw new RangeError(`a partition table holds at most ${PT_MAX_ENTRIES} entries, not ${count}`);
  const bytes = new Uint8Array(partitionTableSize(count));
  const v = view(bytes);
  bytes.set([0x42, 0x46, 0x50, 0x54]);
  v.setUint16(4, table.version, true);
  v.setUint16(6, count, true);
  v.setUint32(8, table.age, true);
  v.setUint32(12, crc32Of(bytes.subarray(0, 12)), true);
  table.entries.forEach((entry, i) => {
    const at = PT_HEADER_SIZE + i * PT_ENTRY_SIZE;
    bytes.set([entry.type, entry.device, entry.activeIndex], at);
    writeCString(bytes, at + 3, NAME_LENGTH, entry.name, 'partition name');
    v.setUint32(at + 12, entry.address[0], true);
    v.setUint32(at + 16, entry.address[1], true);
    v.setUint32(at + 20, entry.maxLength[0], true);
    v.setUint32(at + 24, entry.maxLength[1], true);
    v.setUint32(at + 28, entry.length, true);
    v.setUint32(at + 32, entry.age, true);
  });
  const entriesEnd = PT_HEADER_SIZE + count * PT_ENTRY_SIZE;
  v.setUint32(entriesEnd, crc32Of(bytes.subarray(PT_HEADER_SIZE, entriesEnd)), true);
  return bytes;
}

export function isValidTable(table: DecodedPartitionTable | null): table is DecodedPartitionTable {
  return table !== null && table.headerCrcOk && table.entriesCrcOk;
}

/**
 * Which of two copies boot2 uses: the valid one, or of two valid ones the higher age (a tie goes to
 * copy 0). Null when neither is valid.
 */
export function activeTableIndex(copies: ReadonlyArray<DecodedPartitionTable | null>): number | null {
  const [first, second] = copies;
  if (isValidTable(first) && isValidTable(second)) return second.age > first.age ? 1 : 0;
  if (isValidTable(first)) return 0;
  if (isValidTable(second)) return 1;
  return null;
}

export function findEntry(table: PartitionTable, name: string): PartitionEntry | undefined {
  return table.entries.find((entry) => entry.name === name);
}

/** The slot boot2 uses for an entry. */
export function activeSlot(entry: PartitionEntry): 0 | 1 {
  return (entry.activeIndex & 1) as 0 | 1;
}

/** Sentences about a table's layout that do not stop it from booting: bad names, overlaps, space past the flash. */
export function partitionTableWarnings(table: PartitionTable, flashSize: number | null): string[] {
  const warnings: string[] = [];
  const ranges: Array<{ label: string; start: number; end: number }> = [];
  for (const entry of table.entries) {
    if (!isPrintable(entry.name) || entry.name === '') warnings.push(`partition entry of type ${entry.type} has an unreadable name`);
    for (const slot of [0, 1] as const) {
      const start = entry.address[slot];
      const size = entry.maxLength[slot];
      if (slot === 1 && start === 0) continue;
      const label = slot === 0 && entry.address[1] === 0 ? entry.name : `${entry.name} slot ${slot}`;
      if (flashSize !== null && start + size > flashSize) {
        warnings.push(`partition ${label} (${hex(start)}..${hex(start + size)}) reaches past the end of a ${hex(flashSize)}-byte flash`);
      }
      ranges.push({ label, start, end: start + size });
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    const [before, after] = [ranges[i - 1], ranges[i]];
    if (after.start < before.end) warnings.push(`partitions ${before.label} and ${after.label} overlap (${hex(after.start)}..${hex(Math.min(before.end, after.end))})`);
  }
  return warnings;
}
