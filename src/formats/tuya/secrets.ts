import type { UpkValue } from './upk.js';

/**
 * Secret fields per key: `*` means the whole value. These are never printed unless asked for, and
 * `redact` blanks them in the dump itself.
 */
export const TUYA_SECRET_FIELDS: Record<string, readonly string[]> = {
  gw_bi: ['uuid', 'auth_key', 'psk_key', 'ap_passwd'],
  gw_wsm: ['ssid', 'passwd', 'token', 'reg_key'],
  gw_ai: ['*'],
  ble_beaconkey: ['*'],
  tuya_seed: ['*'],
};

export const REDACTED = '<redacted>';

export function isSecretKey(name: string): boolean {
  return name in TUYA_SECRET_FIELDS;
}

/** Returns the value with every secret field replaced by a marker (non-empty values only). */
export function redactTuyaValue(name: string, value: UpkValue): UpkValue {
  const fields = TUYA_SECRET_FIELDS[name];
  if (!fields) return value;
  if (fields.includes('*') || !value || typeof value !== 'object' || Array.isArray(value)) return REDACTED;
  const copy: Record<string, UpkValue> = { ...value };
  for (const field of fields) if (typeof copy[field] === 'string' && copy[field] !== '') copy[field] = REDACTED;
  return copy;
}
