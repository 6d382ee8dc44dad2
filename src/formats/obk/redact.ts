import { encodeObkConfig, OBK_SECRET_FIELDS, OBK_SSID_FIELDS, type ObkConfig } from './config.js';
import { findRawObkConfig, type FoundObkConfig } from './find.js';

export const OBK_REDACTED_FIELDS = [...OBK_SSID_FIELDS, ...OBK_SECRET_FIELDS] as const;

/**
 * The config bytes with Wi-Fi names and every password blanked (CRC-8 recomputed), and the fields
 * that were not already empty. Returns null when there is nothing to blank.
 */
export function redactObkConfigBytes(found: FoundObkConfig, original: Uint8Array): { bytes: Uint8Array; fields: string[] } | null {
  const blanked: ObkConfig = { ...found.config };
  const fields: string[] = [];
  for (const field of OBK_REDACTED_FIELDS) {
    if (blanked[field]) {
      blanked[field] = '';
      fields.push(field);
    }
  }
  if (!fields.length) return null;
  return { bytes: encodeObkConfig(blanked, original), fields };
}

/** Blanks the passwords and Wi-Fi names of a raw OpenBeken config in place; returns what changed. */
export function redactRawObkConfig(data: Uint8Array): Array<{ where: string; what: string }> {
  const found = findRawObkConfig(data);
  if (!found) return [];
  const original = data.subarray(found.offset, found.offset + found.config.length);
  const result = redactObkConfigBytes(found, original);
  if (!result) return [];
  data.set(result.bytes, found.offset);
  return [{ where: `OpenBeken config at 0x${found.offset.toString(16).toUpperCase()}`, what: `${result.fields.join(', ')} blanked` }];
}
