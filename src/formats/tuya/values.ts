import { toHex } from '../bytes.js';
import { parsePseudoJson, type UpkValue } from './upk.js';

export type DecodedValue =
  | { kind: 'json'; value: UpkValue }
  | { kind: 'text'; value: string }
  | { kind: 'hex'; value: string };

function isPrintable(bytes: Uint8Array): boolean {
  return bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
}

/**
 * Decodes a stored value: trailing NULs dropped; printable text as JSON (strict, then Tuya's
 * pseudo-JSON for `{...}` text), else as text; anything else as hex.
 */
export function decodeTuyaValue(bytes: Uint8Array): DecodedValue {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const body = bytes.subarray(0, end);
  if (!isPrintable(body)) return { kind: 'hex', value: toHex(bytes) };
  const text = new TextDecoder().decode(body);
  try {
    return { kind: 'json', value: JSON.parse(text) as UpkValue };
  } catch {
    /* not strict JSON */
  }
  if (text.trimStart().startsWith('{')) {
    try {
      return { kind: 'json', value: parsePseudoJson(text) };
    } catch {
      /* not even pseudo-JSON */
    }
  }
  return { kind: 'text', value: text };
}
