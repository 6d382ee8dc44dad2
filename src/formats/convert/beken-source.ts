import { FormatError, hex } from '../errors.js';
import { inspectImage } from '../inspect.js';
import type { InspectReport } from '../report.js';
import { parseKey, type BekenKey } from '../beken/cipher.js';
import { keyForApp, keyOpens } from '../beken/key-recovery.js';
import { BLOCK_SIZE, blockState, stripCrc } from '../beken/blocks.js';
import { inspectUa } from '../beken/containers.js';
import { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE } from '../beken/layouts.js';
import { checkCrcPartition, type CrcPartitionCheck } from '../beken/partition.js';
import { unrotate } from '../beken/rotation.js';

/** Kinds that hold the flash from offset 0: the bootloader, then the app partition. */
const FLASH_KINDS = ['full-dump', 'qio', 'bootloader-app-dump'];

/** A Beken input that carries an app partition, with the report inspect gave it. */
export interface BekenSource {
  report: InspectReport;
  /** The bytes in physical flash order from offset 0 (a rotated dump is un-rotated); null for a UA or restore image. */
  flash: Uint8Array | null;
  /** The app partition: where it sits in the file (in physical order) and its blocks and trailer. */
  app: CrcPartitionCheck;
  /** The app partition's bytes, CRC-framed as stored. */
  appBytes: Uint8Array;
  /** The flash key the app is encrypted with, when known. */
  key: BekenKey | null;
}

/** Names what a report describes, for "is X, not Y" sentences. */
export function describeKind(report: InspectReport): string {
  if (report.vendor === 'bouffalo') return `a Bouffalo ${report.family ?? 'BL'} file (${report.kind})`;
  if (report.vendor === 'unknown') return 'a file fwkit does not recognise';
  const rotated = report.rotated ? 'rotated ' : '';
  return `a ${rotated}Beken ${report.kind}${report.family ? ` of a ${report.family}` : ''}`;
}

/** Where the app partition sits in a flash image: as inspect checked it (FAL entry, or a short QIO's end), else the FAL row. */
function appRange(report: InspectReport, size: number): { start: number; length: number } {
  const checked = (report.app as { blocks?: { offset?: unknown; length?: unknown } } | null)?.blocks;
  if (typeof checked?.offset === 'number' && typeof checked.length === 'number') return { start: checked.offset, length: checked.length };
  if (report.kind === 'qio') return { start: BOOTLOADER_PHYS_SIZE, length: size - BOOTLOADER_PHYS_SIZE };
  const row = report.partitions.find((p) => p.name === 'app');
  if (row && typeof row.physOffset === 'number' && typeof row.physLength === 'number') return { start: row.physOffset, length: row.physLength };
  return { start: BOOTLOADER_PHYS_SIZE, length: APP_PHYS_SIZE };
}

/** A UA under a key inspect does not know: block 0 is a valid CRC block that opens to a vector table with `key`. */
function opensAsUa(data: Uint8Array, key: BekenKey): boolean {
  return data.length >= BLOCK_SIZE && blockState(data, 0) === 'valid' && keyOpens(stripCrc(data.subarray(0, BLOCK_SIZE)), APP_LOGICAL_BASE, key);
}

/**
 * Inspects a file, reading it as a UA when only the given key opens it (inspect knows the Tuya key,
 * the uascent key and plaintext).
 */
export function inspectWithKey(data: Uint8Array, key?: BekenKey): InspectReport {
  const report = inspectImage(data);
  return report.vendor === 'unknown' && key && opensAsUa(data, key) ? inspectUa(data) : report;
}

/**
 * Reads any Beken file that carries an app partition (full or rotated dump, QIO, bootloader+app
 * dump, UA, restore image). Throws a FormatError naming what the file is otherwise.
 */
export function readBekenSource(data: Uint8Array, report?: InspectReport, key?: BekenKey): BekenSource {
  report ??= inspectWithKey(data, key);
  if (report.vendor === 'unknown') throw new FormatError(0, 'no Beken image was recognised in the file (a UA encrypted with an unknown flash key needs --key)');
  if (report.vendor !== 'beken') throw new FormatError(0, `the file is ${describeKind(report)}, not a Beken image with an app`);
  if (FLASH_KINDS.includes(report.kind) || report.kind === 'partial') {
    const flash = report.rotated ? unrotate(data) : data;
    const range = appRange(report, flash.length);
    if (range.start >= flash.length) throw new FormatError(range.start, `the file ends at ${hex(flash.length)}, before the app partition`);
    const app = checkCrcPartition(flash, range.start, range.length, APP_LOGICAL_BASE);
    const words = (report.bootloader?.key as { words?: string } | null | undefined)?.words;
    const found = key ?? (words ? parseKey(words) : keyForApp(app.body, APP_LOGICAL_BASE)?.key ?? null);
    return { report, flash, app, appBytes: flash.subarray(range.start, range.start + app.physPresent), key: found };
  }
  if (report.kind === 'ua' || report.kind === 'restore-image') {
    const length = report.kind === 'ua' ? data.length : APP_PHYS_SIZE;
    const app = checkCrcPartition(data, 0, length, APP_LOGICAL_BASE);
    return { report, flash: null, app, appBytes: data.subarray(0, length), key: key ?? keyForApp(app.body, APP_LOGICAL_BASE)?.key ?? null };
  }
  throw new FormatError(0, `the file is ${describeKind(report)}, which holds no app partition`);
}
