import { decodeObkConfig, encodeObkConfig, OBK_SECRET_FIELDS, OBK_SSID_FIELDS, type ObkConfig } from './config.js';
import { readEasyFlashRecords, resealEasyFlashRecord } from './easyflash.js';
import { EASYFLASH_VARIANTS, OBK_EASYFLASH_KEYS } from './find-any.js';
import { findRawObkConfig } from './find.js';
import { checkObkConfig } from './locate.js';

export const OBK_REDACTED_FIELDS = [...OBK_SSID_FIELDS, ...OBK_SECRET_FIELDS] as const;

/**
 * EasyFlash values that hold Wi-Fi credentials beside the config: the BL602 SDK's station settings and
 * OpenBeken's fast-connect data (SSID and key of the last network).
 */
export const EASYFLASH_WIFI_KEYS = ['StaSSID', 'StaPW', 'PMK', 'fcdata'];

type Change = { where: string; what: string };
const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** The config with Wi-Fi names and every password blanked; null when they are all empty already. */
export function blankObkSecrets(config: ObkConfig): { config: ObkConfig; fields: string[] } | null {
  const blanked: ObkConfig = { ...config };
  const fields: string[] = [];
  for (const field of OBK_REDACTED_FIELDS) {
    if (blanked[field]) {
      blanked[field] = '';
      fields.push(field);
    }
  }
  return fields.length ? { config: blanked, fields } : null;
}

/** Blanks a config in place at `offset` (CRC-8 recomputed); returns the blanked fields. */
function blankConfigAt(data: Uint8Array, offset: number): string[] {
  const config = decodeObkConfig(data, offset);
  const blanked = blankObkSecrets(config);
  if (!blanked) return [];
  data.set(encodeObkConfig(blanked.config, data.subarray(offset, offset + config.length)), offset);
  return blanked.fields;
}

function redactRawConfig(data: Uint8Array): Change[] {
  const found = findRawObkConfig(data);
  const fields = found ? blankConfigAt(data, found.offset) : [];
  return fields.length ? [{ where: `OpenBeken config at ${hex(found!.offset)}`, what: `${fields.join(', ')} blanked` }] : [];
}

/**
 * Blanks OpenBeken configs (every copy, also deleted ones) and Wi-Fi values kept in EasyFlash records,
 * recomputing each record's CRC-32.
 */
function redactEasyFlash(data: Uint8Array): Change[] {
  const changes: Change[] = [];
  for (const { options } of EASYFLASH_VARIANTS) {
    for (const record of readEasyFlashRecords(data, 0, data.length, options)) {
      if (!record.crcOk) continue;
      let what: string | null = null;
      if ((OBK_EASYFLASH_KEYS as readonly string[]).includes(record.name) && checkObkConfig(data, record.valueOffset)) {
        const fields = blankConfigAt(data, record.valueOffset);
        if (fields.length) what = `${fields.join(', ')} blanked`;
      } else if (EASYFLASH_WIFI_KEYS.includes(record.name) && record.value.some((b) => b !== 0)) {
        data.fill(0, record.valueOffset, record.valueOffset + record.value.length);
        what = 'value zeroed';
      }
      if (!what) continue;
      resealEasyFlashRecord(data, record.offset, options);
      changes.push({ where: `EasyFlash record ${record.name} at ${hex(record.offset)}`, what });
    }
  }
  return changes;
}

/** Blanks OpenBeken passwords and Wi-Fi names in place, wherever the config is kept; returns what changed. */
export function redactObk(data: Uint8Array): Change[] {
  return [...redactRawConfig(data), ...redactEasyFlash(data)];
}
