import type { ImageKind } from '../report.js';
import { checkObkConfig } from '../obk/locate.js';
import { isAllFF, toPhysical } from './blocks.js';
import { hexAddr } from './findings.js';
import { BOOTLOADER_PHYS_SIZE, MIB, SECTOR } from './layouts.js';
import { checkCrcPartition } from './partition.js';
import { readRfCalibration } from './rf.js';

/** The app partition as the bootloader's FAL table (or the family's default layout) places it. */
export interface AppPartition {
  /** Logical offset and length (CRC units). */
  offset: number;
  length: number;
  /** Physical start and end in flash. */
  physStart: number;
  physEnd: number;
  source: 'FAL table' | 'default layout';
}

export function appPartition(offset: number, length: number, source: AppPartition['source']): AppPartition {
  return { offset, length, physStart: toPhysical(offset), physEnd: toPhysical(offset + length), source };
}

/** What a file holds after the end of its app partition (a QIO padded out with its OpenBeken config, say). */
export interface Tail {
  from: number;
  to: number;
  /** One entry per run of sectors: erased, an OpenBeken config, an RF calibration, or other data. */
  regions: Array<{ offset: number; length: number; content: 'erased' | 'obk-config' | 'rf-calibration' | 'data' }>;
}

export interface KindDecision {
  kind: ImageKind;
  /** The physical range checked as the app partition (a short old-T QIO: up to the file end). */
  appPhysStart: number;
  appPhysLength: number;
  tail: Tail | null;
}

const FULL_SIZES = [MIB * 2, MIB * 4];
const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * Decides what a file that starts at flash 0 is, from its app partition: exactly up to the app end
 * (or a short QIO whose app trailer ends the file) is a QIO; up to the next sector a bootloader+app
 * dump; a whole flash size a full dump; past the app end with erased padding up to an OpenBeken config
 * sector a QIO that goes on; anything else a dump cut short.
 */
export function decideKind(flash: Uint8Array, app: AppPartition): KindDecision {
  const size = flash.length;
  const partition = { appPhysStart: app.physStart, appPhysLength: app.physEnd - app.physStart, tail: null };
  if (FULL_SIZES.includes(size)) return { kind: 'full-dump', ...partition };
  if (size === app.physEnd) return { kind: 'qio', ...partition };
  if (size < app.physEnd) {
    if (size > BOOTLOADER_PHYS_SIZE && endsWithAppTrailer(flash, app)) return { kind: 'qio', ...partition, appPhysLength: size - app.physStart };
    return { kind: 'partial', ...partition };
  }
  if (size === roundUp(app.physEnd, SECTOR)) return { kind: 'bootloader-app-dump', ...partition };
  const tail = describeTail(flash, app.physEnd);
  // An image made to carry its OpenBeken config ends with it, after erased padding; a read cut short ends anywhere.
  const last = tail.regions[tail.regions.length - 1];
  const paddedWithConfig = last.content === 'obk-config' && tail.regions.every((r) => r.content === 'erased' || r.content === 'obk-config');
  return { kind: paddedWithConfig ? 'qio' : 'partial', ...partition, tail };
}

/** An old 1 MiB OpenBeken-T QIO ends exactly with the app trailer, before the FAL app end. */
function endsWithAppTrailer(flash: Uint8Array, app: AppPartition): boolean {
  return checkCrcPartition(flash, app.physStart, flash.length - app.physStart, app.offset).trailer?.header.infoCrcValid === true;
}

/** Sector by sector from the app end: erased, an OpenBeken config, an RF calibration, or data. */
export function describeTail(flash: Uint8Array, from: number): Tail {
  const regions: Tail['regions'] = [];
  const firstSector = roundUp(from, SECTOR);
  const push = (offset: number, length: number, content: Tail['regions'][number]['content']): void => {
    const last = regions[regions.length - 1];
    if (last && last.content === content && content !== 'obk-config' && last.offset + last.length === offset) last.length += length;
    else regions.push({ offset, length, content });
  };
  if (firstSector > from) push(from, Math.min(firstSector, flash.length) - from, isAllFF(flash, from, Math.min(firstSector, flash.length)) ? 'erased' : 'data');
  for (let o = firstSector; o < flash.length; o += SECTOR) {
    const end = Math.min(flash.length, o + SECTOR);
    const content = isAllFF(flash, o, end) ? 'erased' : checkObkConfig(flash, o) ? 'obk-config' : readRfCalibration(flash, o) ? 'rf-calibration' : 'data';
    push(o, end - o, content);
  }
  return { from, to: flash.length, regions };
}

export function tailText(tail: Tail): string {
  return tail.regions.map((r) => `${hexAddr(r.offset)}-${hexAddr(r.offset + r.length - 1)} ${r.content === 'obk-config' ? 'OpenBeken config' : r.content === 'rf-calibration' ? 'RF calibration' : r.content}`).join('; ');
}
