import { cbc, ecb } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import crc32Table from 'crc/calculators/crc32';
import { Gunzip, gzipSync } from 'fflate';
import type { Platform } from './api.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function needleBytes(needle: Uint8Array | string): Uint8Array {
  if (typeof needle !== 'string') return needle;
  const out = new Uint8Array(needle.length);
  for (let i = 0; i < needle.length; i++) out[i] = needle.charCodeAt(i) & 0xff;
  return out;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array | string | number, from = 0): number {
  if (typeof needle === 'number') return haystack.indexOf(needle & 0xff, from);
  const wanted = needleBytes(needle);
  if (wanted.length === 0) return Math.min(from, haystack.length);
  const first = wanted[0]!;
  const last = haystack.length - wanted.length;
  for (let at = haystack.indexOf(first, from); at >= 0 && at <= last; at = haystack.indexOf(first, at + 1)) {
    let i = 1;
    while (i < wanted.length && haystack[at + i] === wanted[i]) i++;
    if (i === wanted.length) return at;
  }
  return -1;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const UTF16 = new TextDecoder('utf-16le');

/** Exact latin1 (byte n -> U+00nn): widened to UTF-16 code units and decoded natively ('latin1' means windows-1252 to TextDecoder). */
function latin1(data: Uint8Array, start = 0, end = data.length): string {
  const units = new Uint16Array(Math.max(0, end - start));
  units.set(data.subarray(start, end));
  return UTF16.decode(units);
}

/** The platform in a browser: @noble/hashes, @noble/ciphers, fflate and the crc package's table, all pure JS. */
export const platform: Platform = {
  sha256: (data) => sha256(data),
  aesEcb: (direction, key, data) => ecb(key, { disablePadding: true })[direction](data),
  aesCbc: (direction, key, iv, data) => cbc(key, iv, { disablePadding: true })[direction](data),
  gzip: (data, level) => gzipSync(data, { level: level as 9, mtime: 0 }),
  gunzipStream: (ondata) => new Gunzip((chunk) => ondata(chunk)),
  crc32: (data, previous) => crc32Table(data, previous) >>> 0,
  indexOfBytes,
  latin1,
  equal,
  hex: (data) => {
    let text = '';
    for (const byte of data) text += HEX[byte];
    return text;
  },
};
