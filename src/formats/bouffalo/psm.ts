import { findEasyFlashValue, readEasyFlashRecords, type EasyFlashOptions } from '../obk/easyflash.js';
import { checkObkConfig, type ObkConfigLocation } from '../obk/locate.js';

/** The EasyFlash key under which OpenBeken keeps its config on Bouffalo chips. */
export const OBK_PSM_KEY = 'mY0bcFg';

/** EasyFlash4 as the BL602 SDK builds it: write granularity 8 bits. */
export const PSM_EASYFLASH: EasyFlashOptions = { granularity: 8 };

/**
 * Finds the OpenBeken config stored under its EasyFlash key in the PSM partition: the record EasyFlash
 * itself would return (written and CRC-valid; a pre-delete one only when no written one exists).
 */
export function findObkConfigInPsm(data: Uint8Array, psmOffset: number, psmLength: number): ObkConfigLocation | null {
  const record = findEasyFlashValue(readEasyFlashRecords(data, psmOffset, psmLength, PSM_EASYFLASH), OBK_PSM_KEY);
  return record ? checkObkConfig(data, record.valueOffset) : null;
}
