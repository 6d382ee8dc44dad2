import { readFlashLayout, looksLikeBouffaloFlash } from '../bouffalo/flash-layout.js';
import { findEntry } from '../bouffalo/partition-table.js';
import { decodeObkConfig } from './config.js';
import { findEasyFlashValue, readEasyFlashRecords, type EasyFlashOptions, type EasyFlashRecord } from './easyflash.js';
import { findRawObkConfig, type FoundObkConfig } from './find.js';
import { checkObkConfig } from './locate.js';

export type { FoundObkConfig };

/** The EasyFlash key OpenBeken stores its config under: BL602/BL616 use their own, the rest "ObkCfg". */
export const OBK_EASYFLASH_KEYS = ['mY0bcFg', 'ObkCfg'] as const;

/** The record layouts OpenBeken's platforms write, most common first. */
export const EASYFLASH_VARIANTS: ReadonlyArray<{ name: string; options: EasyFlashOptions }> = [
  { name: 'GRAN 8 (BL602/BL616/BL702)', options: { granularity: 8 } },
  { name: 'GRAN 1', options: { granularity: 1 } },
  { name: 'GRAN 32, ECR6600', options: { granularity: 32, kvMagic: false, sectorMagic: 'EF41' } },
  { name: 'GRAN 32, TR6260', options: { granularity: 32, kvMagic: false } },
];

export interface FoundEasyFlashConfig extends FoundObkConfig {
  record: EasyFlashRecord;
  options: EasyFlashOptions;
}

/** The PSM partition of a Bouffalo dump (from its partition table), where OpenBeken keeps its config. */
export function bouffaloPsmArea(data: Uint8Array): { offset: number; length: number } | null {
  if (!looksLikeBouffaloFlash(data)) return null;
  const layout = readFlashLayout(data);
  const psm = layout.table ? findEntry(layout.table, 'PSM') : undefined;
  return psm ? { offset: psm.address[0], length: psm.maxLength[0] } : null;
}

/**
 * Finds an OpenBeken config kept as an EasyFlash value, scanning the whole file for EasyFlash sectors
 * of every layout (the area moves with the platform: BL602 PSM, RTL/XR/RDA areas...).
 */
export function findEasyFlashObkConfig(data: Uint8Array): FoundEasyFlashConfig | null {
  const psm = bouffaloPsmArea(data);
  for (const { options } of EASYFLASH_VARIANTS) {
    const records = readEasyFlashRecords(data, 0, data.length, options);
    for (const key of OBK_EASYFLASH_KEYS) {
      const record = findEasyFlashValue(records, key);
      if (!record || !checkObkConfig(data, record.valueOffset)) continue;
      const inPsm = psm && record.offset >= psm.offset && record.offset < psm.offset + psm.length;
      return {
        offset: record.valueOffset,
        storage: inPsm ? `EasyFlash key ${key} in PSM` : `EasyFlash key ${key} (GRAN ${options.granularity})`,
        config: decodeObkConfig(data, record.valueOffset),
        record,
        options,
      };
    }
  }
  return null;
}

/** Finds an OpenBeken config wherever the platforms keep it: raw struct first, then EasyFlash. */
export function findObkConfig(data: Uint8Array): FoundObkConfig | null {
  return findRawObkConfig(data) ?? findEasyFlashObkConfig(data);
}
