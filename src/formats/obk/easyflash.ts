import { crc32Of } from '../bytes.js';

/**
 * EasyFlash v4 key/value records, as OpenBeken and vendor SDKs keep them: a run of 4 KiB sectors with an
 * "EF40" header, each holding records with a status, a "KV40" magic, lengths, a CRC-32, name and value.
 * The write granularity (bits) sets the field widths: 1 on most OpenBeken ports, 8 on BL602/BL616/BL702,
 * 32 on TR6260/ECR6600 (whose records also lack the "KV40" word).
 */
export type EasyFlashGranularity = 1 | 8 | 32;

export interface EasyFlashOptions {
  granularity: EasyFlashGranularity;
  /** Records carry the "KV40" word (all but the oldest EasyFlash builds). */
  kvMagic?: boolean;
  /** Sector magic: "EF40", or "EF41" on ECR6600. */
  sectorMagic?: string;
  sectorSize?: number;
}

export const EF_STATUS = { unused: 0, preWrite: 1, written: 2, preDelete: 3, deleted: 4, headerError: 5 } as const;

export interface EasyFlashRecord {
  /** Offset of the record in the data given. */
  offset: number;
  status: number;
  name: string;
  valueOffset: number;
  value: Uint8Array;
  totalLength: number;
  crcOk: boolean;
}

interface Geometry {
  sectorMagicAt: number;
  sectorHeader: number;
  statusBytes: number;
  lengthAt: number;
  crcAt: number;
  nameLengthAt: number;
  valueLengthAt: number;
  header: number;
  align: number;
  /** Distance between the status bytes of consecutive steps (one bit on GRAN 1). */
  step: number;
}

const align4 = (n: number) => (n + 3) & ~3;
const alignTo = (n: number, a: number) => Math.ceil(n / a) * a;

function geometry({ granularity: g, kvMagic = true }: EasyFlashOptions): Geometry {
  const statusSize = (count: number) => (g === 1 ? Math.ceil(count / 8) : ((count - 1) * g) / 8);
  const sectorMagicAt = align4(2 * statusSize(4));
  const magicAt = align4(statusSize(6));
  const lengthAt = magicAt + (kvMagic ? 4 : 0);
  return {
    sectorMagicAt,
    sectorHeader: sectorMagicAt + 12,
    statusBytes: statusSize(6),
    lengthAt,
    crcAt: lengthAt + 4,
    nameLengthAt: lengthAt + 8,
    valueLengthAt: lengthAt + 12,
    header: lengthAt + 16,
    align: Math.max(1, g / 8),
    step: g / 8,
  };
}

/** Decodes a status table: the highest step whose bit (GRAN 1) or byte (GRAN 8+) was cleared. */
export function decodeEfStatus(table: Uint8Array, granularity: EasyFlashGranularity, steps: number): number {
  let status = 0;
  for (let k = 1; k < steps; k++) {
    const cleared = granularity === 1 ? (table[0] & (0x80 >> (k - 1))) === 0 : table[((k - 1) * granularity) / 8] === 0x00;
    if (cleared) status = k;
  }
  return status;
}

function encodeEfStatus(status: number, granularity: EasyFlashGranularity, steps: number): Uint8Array {
  const table = new Uint8Array(granularity === 1 ? Math.ceil(steps / 8) : ((steps - 1) * granularity) / 8).fill(0xff);
  // As NOR flash leaves it: every earlier step stays cleared.
  for (let k = 1; k <= status; k++) {
    if (granularity === 1) table[0] &= ~(0x80 >> (k - 1));
    else table.fill(0, ((k - 1) * granularity) / 8, (k * granularity) / 8);
  }
  return table;
}

function hasAscii(data: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (data[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Reads every record of the EasyFlash area [offset, offset + length). Damaged records end their sector's walk. */
export function readEasyFlashRecords(data: Uint8Array, offset: number, length: number, options: EasyFlashOptions): EasyFlashRecord[] {
  const geo = geometry(options);
  const sectorSize = options.sectorSize ?? 0x1000;
  const magic = options.sectorMagic ?? 'EF40';
  const records: EasyFlashRecord[] = [];
  const end = Math.min(data.length, offset + length);
  for (let sector = offset; sector + sectorSize <= end; sector += sectorSize) {
    if (!hasAscii(data, sector + geo.sectorMagicAt, magic)) continue;
    const sectorEnd = sector + sectorSize;
    let at = sector + geo.sectorHeader;
    while (at + geo.header <= sectorEnd) {
      const statusTable = data.subarray(at, at + geo.statusBytes);
      if (statusTable.every((b) => b === 0xff)) break;
      if ((options.kvMagic ?? true) && !hasAscii(data, at + geo.lengthAt - 4, 'KV40')) break;
      const view = new DataView(data.buffer, data.byteOffset + at, geo.header);
      const totalLength = view.getUint32(geo.lengthAt, true);
      if (totalLength === 0xffffffff || totalLength < geo.header || at + totalLength > sectorEnd) break;
      const nameLength = data[at + geo.nameLengthAt];
      const valueLength = view.getUint32(geo.valueLengthAt, true);
      const valueOffset = at + geo.header + alignTo(nameLength, geo.align);
      if (valueOffset + valueLength > at + totalLength) break;
      records.push({
        offset: at,
        status: decodeEfStatus(statusTable, options.granularity, 6),
        name: String.fromCharCode(...data.subarray(at + geo.header, at + geo.header + nameLength)),
        valueOffset,
        value: data.subarray(valueOffset, valueOffset + valueLength),
        totalLength,
        crcOk: view.getUint32(geo.crcAt, true) === crc32Of(data.subarray(at + geo.nameLengthAt, at + totalLength)),
      });
      at += totalLength;
    }
  }
  return records;
}

/**
 * The record EasyFlash itself would return for `name`: the first written record whose CRC holds; a
 * CRC-valid pre-delete record (an update cut short) only when no written one exists.
 */
export function findEasyFlashValue(records: EasyFlashRecord[], name: string): EasyFlashRecord | null {
  const named = records.filter((r) => r.name === name && r.crcOk);
  return named.find((r) => r.status === EF_STATUS.written) ?? named.find((r) => r.status === EF_STATUS.preDelete) ?? null;
}

/** Encodes one record in the "written" state. */
export function encodeEasyFlashRecord(name: string, value: Uint8Array, options: EasyFlashOptions): Uint8Array {
  const geo = geometry(options);
  const nameBytes = new TextEncoder().encode(name);
  const total = geo.header + alignTo(nameBytes.length, geo.align) + alignTo(value.length, geo.align);
  const record = new Uint8Array(total).fill(0xff);
  record.set(encodeEfStatus(EF_STATUS.written, options.granularity, 6), 0);
  if (options.kvMagic ?? true) record.set(new TextEncoder().encode('KV40'), geo.lengthAt - 4);
  const view = new DataView(record.buffer);
  view.setUint32(geo.lengthAt, total, true);
  record[geo.nameLengthAt] = nameBytes.length;
  view.setUint32(geo.valueLengthAt, value.length, true);
  record.set(nameBytes, geo.header);
  record.set(value, geo.header + alignTo(nameBytes.length, geo.align));
  resealEasyFlashRecord(record, 0, options);
  return record;
}

/** Recomputes a record's CRC-32 after its value was changed in place. */
export function resealEasyFlashRecord(data: Uint8Array, recordOffset: number, options: EasyFlashOptions): void {
  const geo = geometry(options);
  const view = new DataView(data.buffer, data.byteOffset + recordOffset, geo.header);
  const total = view.getUint32(geo.lengthAt, true);
  view.setUint32(geo.crcAt, crc32Of(data.subarray(recordOffset + geo.nameLengthAt, recordOffset + total)), true);
}

/** Encodes one sector (store status "using", dirty "false") holding the given records, erased after them. */
export function encodeEasyFlashSector(records: Uint8Array[], options: EasyFlashOptions): Uint8Array {
  const geo = geometry(options);
  const sectorSize = options.sectorSize ?? 0x1000;
  const sector = new Uint8Array(sectorSize).fill(0xff);
  const store = encodeEfStatus(2, options.granularity, 4);
  const dirty = encodeEfStatus(1, options.granularity, 4);
  sector.set(store, 0);
  sector.set(dirty, options.granularity === 1 ? 1 : store.length);
  sector.set(new TextEncoder().encode(options.sectorMagic ?? 'EF40'), geo.sectorMagicAt);
  let at = geo.sectorHeader;
  for (const record of records) {
    if (at + record.length > sectorSize) throw new RangeError('the records do not fit in one EasyFlash sector');
    sector.set(record, at);
    at += record.length;
  }
  return sector;
}
