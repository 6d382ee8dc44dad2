import { readFlashLayout, looksLikeBouffaloFlash } from '../bouffalo/flash-layout.js';
import { findEntry } from '../bouffalo/partition-table.js';
import { findObkConfigInPsm, OBK_PSM_KEY } from '../bouffalo/psm.js';
import { decodeObkConfig } from './config.js';
import { findRawObkConfig, type FoundObkConfig } from './find.js';

export type { FoundObkConfig };

/** The PSM partition of a Bouffalo dump (from its partition table), where OpenBeken keeps its config. */
export function bouffaloPsmArea(data: Uint8Array): { offset: number; length: number } | null {
  if (!looksLikeBouffaloFlash(data)) return null;
  const layout = readFlashLayout(data);
  const psm = layout.table ? findEntry(layout.table, 'PSM') : undefined;
  return psm ? { offset: psm.address[0], length: psm.maxLength[0] } : null;
}

/** Finds an OpenBeken config wherever the platforms keep it: raw struct first, then the BL602 PSM. */
export function findObkConfig(data: Uint8Array): FoundObkConfig | null {
  const raw = findRawObkConfig(data);
  if (raw) return raw;
  const psm = bouffaloPsmArea(data);
  const inPsm = psm ? findObkConfigInPsm(data, psm.offset, psm.length) : null;
  if (inPsm) return { offset: inPsm.offset, storage: `EasyFlash key ${OBK_PSM_KEY} in PSM`, config: decodeObkConfig(data, inPsm.offset) };
  return null;
}
