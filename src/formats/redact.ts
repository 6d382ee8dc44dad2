import { indexOfBytes } from './bytes.js';
import { findObkConfig } from './obk/find-any.js';
import { OBK_REDACTED_FIELDS, redactObk } from './obk/redact.js';
import { readTuyaConfig } from './tuya/config.js';
import { redactTuyaStorage, type RedactionChange } from './tuya/redact.js';
import { TUYA_SECRET_FIELDS } from './tuya/secrets.js';

export type { RedactionChange };

export interface RedactionResult {
  data: Uint8Array;
  changes: RedactionChange[];
  /** Secrets still readable as plain text somewhere in the output (outside the configs fwkit rewrites). */
  leftovers: Array<{ offset: number; length: number }>;
}

/** The secret strings a dump holds, read before redaction, to check the result for leftovers. */
function secretStrings(data: Uint8Array): string[] {
  const found = new Set<string>();
  const tuya = readTuyaConfig(data, { showSecrets: true });
  for (const [name, value] of Object.entries(tuya.values)) {
    const fields = TUYA_SECRET_FIELDS[name];
    if (!fields) continue;
    if (typeof value.value === 'string') found.add(value.value);
    else if (value.value && typeof value.value === 'object' && !Array.isArray(value.value)) {
      for (const [field, v] of Object.entries(value.value)) if ((fields.includes('*') || fields.includes(field)) && typeof v === 'string') found.add(v);
    }
  }
  const obk = findObkConfig(data);
  for (const field of OBK_REDACTED_FIELDS) {
    const v = obk?.config[field];
    if (typeof v === 'string') found.add(v);
  }
  return [...found].filter((s) => s.length >= 6);
}

/**
 * Returns a copy of `input` with Wi-Fi names and passwords, Tuya device secrets and OpenBeken
 * passwords blanked in place, every checksum kept valid. The input is not modified.
 */
export function redactDump(input: Uint8Array): RedactionResult {
  const data = new Uint8Array(input);
  const secrets = secretStrings(input);
  const changes = [...redactTuyaStorage(data), ...redactObk(data)];
  const leftovers: RedactionResult['leftovers'] = [];
  for (const secret of secrets) {
    for (let at = indexOfBytes(data, secret); at >= 0; at = indexOfBytes(data, secret, at + 1)) leftovers.push({ offset: at, length: secret.length });
  }
  return { data, changes, leftovers };
}
