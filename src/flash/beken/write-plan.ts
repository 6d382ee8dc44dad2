/**
 * Where a file goes in the flash, decided from what `inspect` says it is, and whether it may be
 * written to this chip at all (family, damage, guarded bootloader region).
 */
import type { InspectReport } from '../../formats/report.js';
import { WriteRefused } from '../write-refused.js';
import { BOOTLOADER_END, familyTraits, SECTOR_SIZE } from './families.js';
import type { ChipInfo } from './session.js';

const hex = (value: number): string => `0x${value.toString(16).toUpperCase()}`;

export interface WritePlan {
  address: number;
  /** Padded with 0xFF to whole 4 KiB sectors. */
  data: Uint8Array;
  /** Why part of the file is not written, for the report. */
  notes: string[];
}

export interface PlanOptions {
  offset?: number;
  overwriteBootloader?: boolean;
}

/** Families built from the same SDK and bootloader: a file for one is a file for the other. */
function sameFirmwareFamily(a: string, b: string): boolean {
  const alias = (f: string) => (f === 'BK7231M' ? 'BK7231N' : f);
  return alias(a.toUpperCase()) === alias(b.toUpperCase());
}

function padToSectors(data: Uint8Array): Uint8Array {
  const length = Math.ceil(data.length / SECTOR_SIZE) * SECTOR_SIZE;
  if (length === data.length) return data;
  const padded = new Uint8Array(length).fill(0xff);
  padded.set(data);
  return padded;
}

export function planWrite(file: string, data: Uint8Array, report: InspectReport, chip: ChipInfo, options: PlanOptions): WritePlan {
  if (report.family && !sameFirmwareFamily(report.family, chip.family)) {
    throw new WriteRefused(`${file}: built for ${report.family}, but the chip is a ${chip.family}; writing it would brick the device, so fwkit refuses`);
  }
  if (report.rotated || report.kind === 'rotated-dump') {
    throw new WriteRefused(`${file}: a rotated dump (its bootloader sits at the end of the file); convert it to physical order first (fwkit convert)`);
  }
  if (report.kind === 'rbl' || report.kind === 'ug') {
    throw new WriteRefused(`${file}: an OTA package (${report.kind.toUpperCase()}), which is installed over the air, not written to flash; use a UA or QIO image`);
  }
  if (!report.verdict.restorable && options.offset === undefined) {
    throw new WriteRefused(`${file}: not safe to write: ${report.verdict.problems[0] ?? 'inspect found it damaged'} (see fwkit inspect ${file})`, 'damaged');
  }
  const guards = familyTraits(chip.family).guardsBootloader;
  const notes: string[] = [];
  let address: number;
  let body = data;
  if (options.offset !== undefined) {
    address = options.offset;
  } else if (report.kind === 'ua' || report.kind === 'restore-image') {
    // Both begin with the app partition: a UA is the app alone, a restore image the app and every data region after it.
    address = BOOTLOADER_END;
  } else if (report.kind === 'full-dump' || report.kind === 'qio' || report.kind === 'bootloader-app-dump') {
    address = 0;
    if (guards || !options.overwriteBootloader) {
      address = BOOTLOADER_END;
      body = data.subarray(BOOTLOADER_END);
      notes.push(
        guards
          ? `the bootloader part (0x0-0x10FFF) is skipped: a ${chip.family} must keep its own bootloader`
          : 'the bootloader part (0x0-0x10FFF) is skipped (pass --overwrite-bootloader to write it too)',
      );
    }
  } else {
    throw new WriteRefused(`${file}: fwkit cannot tell what this file is (inspect says ${report.kind}); pass --offset to write it as raw bytes at an address`);
  }
  if (address % SECTOR_SIZE) throw new WriteRefused(`--offset ${hex(address)} is not a multiple of 4096 (0x1000)`, 'usage');
  if (address < BOOTLOADER_END && guards && !options.overwriteBootloader) {
    throw new WriteRefused(`writing below 0x11000 would replace the ${chip.family}'s bootloader and brick it; pass --overwrite-bootloader only if you really mean it`);
  }
  const padded = padToSectors(body);
  if (address + padded.length > chip.flashSize) {
    throw new WriteRefused(`${file}: ${padded.length} bytes at ${hex(address)} do not fit the ${chip.flashSize / 1048576} MiB flash`);
  }
  return { address, data: padded, notes };
}
