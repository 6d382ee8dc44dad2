import { crc32Ieee } from './checksums.js';

/** One 64-byte FAL partition entry ("01PE") at the end of the bootloader's raw image. */
export const FAL_ENTRY_SIZE = 64;
const FAL_MAGIC = 0x45503130;

export interface FalPartition {
  name: string;
  /** "beken_onchip_crc": offset/length in logical units; "beken_onchip": physical. */
  device: string;
  offset: number;
  length: number;
  /** The entry's CRC-32 field: 0 (unused) or matching. */
  crcOk: boolean;
}

export interface FalTable {
  /** Logical offset of the first entry inside the bootloader. */
  offset: number;
  partitions: FalPartition[];
}

const text = (b: Uint8Array): string => {
  const end = b.indexOf(0);
  return new TextDecoder('latin1').decode(end < 0 ? b : b.subarray(0, end));
};

function isEntry(data: Uint8Array, o: number): boolean {
  return o >= 0 && o + FAL_ENTRY_SIZE <= data.length && data[o] === 0x30 && data[o + 1] === 0x31 && data[o + 2] === 0x50 && data[o + 3] === 0x45;
}

export function decodeFalEntry(data: Uint8Array, o: number): FalPartition {
  const view = new DataView(data.buffer, data.byteOffset + o, FAL_ENTRY_SIZE);
  const crc = view.getUint32(0x3c, true);
  return {
    name: text(data.subarray(o + 4, o + 0x1c)),
    device: text(data.subarray(o + 0x1c, o + 0x34)),
    offset: view.getUint32(0x34, true),
    length: view.getUint32(0x38, true),
    crcOk: crc === 0 || crc32Ieee(data.subarray(o, o + 60)) === crc,
  };
}

/**
 * Finds the table in CRC-stripped bootloader bytes: the entries end at `end` (the bootloader's
 * size_raw) when given, otherwise the last run of "01PE" entries found scanning backwards.
 */
export function findFalTable(bootloader: Uint8Array, end?: number): FalTable | null {
  let last = -1;
  if (end !== undefined && isEntry(bootloader, end - FAL_ENTRY_SIZE)) last = end - FAL_ENTRY_SIZE;
  else {
    for (let o = bootloader.length - FAL_ENTRY_SIZE; o >= 0; o -= 4) {
      if (isEntry(bootloader, o)) {
        last = o;
        break;
      }
    }
  }
  if (last < 0) return null;
  let first = last;
  while (isEntry(bootloader, first - FAL_ENTRY_SIZE)) first -= FAL_ENTRY_SIZE;
  const partitions: FalPartition[] = [];
  for (let o = first; o <= last; o += FAL_ENTRY_SIZE) partitions.push(decodeFalEntry(bootloader, o));
  return { offset: first, partitions };
}

export function encodeFalTable(partitions: ReadonlyArray<Omit<FalPartition, 'crcOk'>>): Uint8Array {
  const out = new Uint8Array(partitions.length * FAL_ENTRY_SIZE);
  const view = new DataView(out.buffer);
  const enc = new TextEncoder();
  partitions.forEach((p, i) => {
    const o = i * FAL_ENTRY_SIZE;
    view.setUint32(o, FAL_MAGIC, true);
    out.set(enc.encode(p.name).subarray(0, 23), o + 4);
    out.set(enc.encode(p.device).subarray(0, 23), o + 0x1c);
    view.setUint32(o + 0x34, p.offset >>> 0, true);
    view.setUint32(o + 0x38, p.length >>> 0, true);
  });
  return out;
}
