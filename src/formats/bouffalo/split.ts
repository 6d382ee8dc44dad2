import { FormatError, hex } from '../errors.js';
import { sha256Of, toHex } from '../bytes.js';
import { decodeAnyBootHeader, headerSize, type AnyBootHeader } from './boot-header.js';
import { FIRMWARE_IMAGE_GAP, startsWithBootHeader } from './boot-image.js';
import { looksLikeBouffaloFlash, readFlashLayout, type BouffaloFamily } from './flash-layout.js';
import type { PartitionEntry } from './partition-table.js';

export const MANIFEST_FORMAT = 'fwkit-bl-split';
export const MANIFEST_VERSION = 1;

/**
 * What a split file holds. "boot2", "partition-table", "partition" and "gap" files are copies of flash
 * ranges that together rebuild the input; "boot-header" and "image" files are the headers and
 * header-stripped images of boot2 and the firmware slots, taken from those ranges.
 */
export type SplitRole = 'boot2' | 'partition-table' | 'partition' | 'gap' | 'boot-header' | 'image';

export interface ManifestFile {
  file: string;
  role: SplitRole;
  /** Flash address of the first byte. */
  address: number;
  length: number;
  sha256: string;
  /** The partition the bytes belong to (partitions, firmware headers and images). */
  partition?: string;
  slot?: 0 | 1;
  /** An image whose header was stripped: the file that keeps that header. */
  header?: string;
  /** True for the files that, laid at their address over erased flash (0xFF), rebuild the input. */
  layout: boolean;
}

export interface SplitManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  family: BouffaloFamily;
  /** Length and SHA-256 of the split file: what re-assembly must give back. */
  size: number;
  sha256: string;
  files: ManifestFile[];
  /** Partition slots the table lists but the file does not reach (a merged image or a partial dump). */
  missing: string[];
}

export interface SplitResult {
  manifest: SplitManifest;
  /** The bytes of each file the manifest names. */
  contents: Map<string, Uint8Array>;
}

interface Range {
  start: number;
  end: number;
}

/** Partition names come from the dump: keep them readable but safe as file names. */
function safeStem(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || 'unnamed';
}

function firstNonErased(data: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (data[i] !== 0xff) return i;
  return end;
}

function lastNonErased(data: Uint8Array, start: number, end: number): number {
  for (let i = end; i > start; i--) if (data[i - 1] !== 0xff) return i;
  return start;
}

/** Collects the files of a split, keeping names unique and the manifest in step with the contents. */
class SplitBuilder {
  readonly files: ManifestFile[] = [];
  readonly contents = new Map<string, Uint8Array>();

  constructor(private readonly data: Uint8Array) {}

  add(stem: string, range: Range, fields: Omit<ManifestFile, 'file' | 'address' | 'length' | 'sha256'>): string {
    let file = `${stem}.bin`;
    for (let n = 2; this.contents.has(file); n++) file = `${stem}-${n}.bin`;
    const bytes = this.data.subarray(range.start, range.end);
    this.contents.set(file, bytes);
    this.files.push({ file, address: range.start, length: bytes.length, sha256: toHex(sha256Of(bytes)), ...fields });
    return file;
  }

  /** Layout ranges laid so far, in address order. */
  layoutRanges(): Range[] {
    return this.files.filter((f) => f.layout).map((f) => ({ start: f.address, end: f.address + f.length })).sort((a, b) => a.start - b.start);
  }

  overlapsLayout(range: Range): boolean {
    return this.layoutRanges().some((r) => range.start < r.end && r.start < range.end);
  }
}

/** Header and header-stripped image of a boot image whose header sits at `headerAt`. */
function addHeaderAndImage(builder: SplitBuilder, data: Uint8Array, stem: string, headerAt: number, imageAt: number, owner: Partial<ManifestFile>): void {
  let decoded: AnyBootHeader;
  try {
    decoded = decodeAnyBootHeader(data, headerAt);
  } catch {
    return; // not a readable header: the range file still holds the bytes
  }
  const imageLength = decoded.imageLength;
  const header = builder.add(`${stem}.header`, { start: headerAt, end: headerAt + headerSize(decoded) }, { role: 'boot-header', layout: false, ...owner });
  const image = { start: Math.min(imageAt, data.length), end: Math.min(imageAt + imageLength, data.length) };
  builder.add(`${stem}.image`, image, { role: 'image', header, layout: false, ...owner });
}

function slotsOf(entry: PartitionEntry): Array<0 | 1> {
  return entry.address[1] ? [0, 1] : [0];
}

/**
 * Splits a BL602/BL702 dump or merged image into boot2, both partition-table copies, every partition
 * slot, the headers and images of boot2 and the firmware, and any non-erased bytes between them.
 * The manifest says where each file came from, so `assembleFromManifest` can rebuild the input.
 */
export function splitFlashImage(data: Uint8Array): SplitResult {
  if (!looksLikeBouffaloFlash(data)) throw new FormatError(0, 'no Bouffalo flash layout here (no boot header at 0, no partition table at 0xE000/0xF000 or 0x1000/0x2000)');
  const layout = readFlashLayout(data);
  if (!layout.table) throw new FormatError(layout.tables[0].offset, 'there is no valid partition table, so the partitions cannot be told apart');
  const builder = new SplitBuilder(data);
  const missing: string[] = [];
  const firstTable = Math.min(...layout.tables.map((copy) => copy.offset));

  const boot2 = layout.boot2;
  const boot2HasCode = boot2 !== null && boot2.hash !== 'not-applicable';
  if (boot2) {
    const end = boot2HasCode ? boot2.imageOffset + boot2.header.imageLength : headerSize(boot2.header);
    builder.add('boot2', { start: 0, end: Math.min(end, firstTable, data.length) }, { role: 'boot2', layout: true });
  }
  layout.tables.forEach((copy, i) => {
    if (copy.table) builder.add(`partition-table.${i}`, { start: copy.offset, end: copy.offset + copy.table.byteLength }, { role: 'partition-table', layout: true });
  });
  for (const entry of layout.table.entries) {
    for (const slot of slotsOf(entry)) {
      const label = entry.address[1] ? `${entry.name} slot ${slot}` : entry.name;
      const start = entry.address[slot];
      if (start >= data.length) {
        missing.push(`${label} (${hex(start)}) lies past the end of the file`);
        continue;
      }
      const range = { start, end: Math.min(start + entry.maxLength[slot], data.length) };
      const stem = entry.address[1] ? `${safeStem(entry.name)}.${slot}` : safeStem(entry.name);
      // Overlapping entries (a damaged or odd table) are kept as files, but only the first lays the bytes.
      builder.add(stem, range, { role: 'partition', partition: entry.name, ...(entry.address[1] ? { slot } : {}), layout: !builder.overlapsLayout(range) });
    }
  }

  let cursor = 0;
  for (const range of [...builder.layoutRanges(), { start: data.length, end: data.length }]) {
    const start = firstNonErased(data, cursor, range.start);
    if (start < range.start) builder.add(`gap-${hex(start, 6)}`, { start, end: lastNonErased(data, start, range.start) }, { role: 'gap', layout: true });
    cursor = Math.max(cursor, range.end);
  }

  if (boot2 && boot2HasCode) addHeaderAndImage(builder, data, 'boot2', 0, boot2.imageOffset, {});
  const fw = layout.firmware?.entry;
  for (const slot of fw ? slotsOf(fw) : []) {
    const at = fw!.address[slot];
    const stem = fw!.address[1] ? `${safeStem(fw!.name)}.${slot}` : safeStem(fw!.name);
    if (startsWithBootHeader(data, at)) addHeaderAndImage(builder, data, stem, at, at + FIRMWARE_IMAGE_GAP, { partition: fw!.name, ...(fw!.address[1] ? { slot } : {}) });
  }

  const files = [...builder.files].sort((a, b) => a.address - b.address || Number(b.layout) - Number(a.layout));
  const manifest: SplitManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    family: layout.family,
    size: data.length,
    sha256: toHex(sha256Of(data)),
    files,
    missing,
  };
  return { manifest, contents: builder.contents };
}
