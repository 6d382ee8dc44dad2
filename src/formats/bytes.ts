import { platform } from '../platform/index.js';
import { crc32Ieee } from './crc32.js';

/** A little-endian DataView over exactly the given bytes (which may be a view into a larger buffer). */
export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The zlib / IEEE 802.3 CRC-32, as an unsigned number. */
export function crc32Of(bytes: Uint8Array): number {
  return crc32Ieee(bytes);
}

export function sha256Of(bytes: Uint8Array): Uint8Array {
  return platform.sha256(bytes);
}

export function toHex(bytes: Uint8Array): string {
  return platform.hex(bytes);
}

/** The bytes that a hex string spells (pairs of digits; stops at the first pair that is not hex, as Buffer did). */
export function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const pair = text.slice(i * 2, i * 2 + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) return out.slice(0, i);
    out[i] = parseInt(pair, 16);
  }
  return out;
}

/** Bytes [start, end) as latin1 text: one character per byte. */
export function latin1Of(bytes: Uint8Array, start?: number, end?: number): string {
  return platform.latin1(bytes, start, end);
}

/** Text as latin1 bytes: one byte per character (the low 8 bits). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** First index of `needle` (bytes, or text taken as latin1, or one byte) at or after `from`; -1 when absent. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array | string | number, from = 0): number {
  return platform.indexOfBytes(haystack, needle, from);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return platform.equal(a, b);
}

/** Reads a NUL-padded ASCII field: the text up to the first NUL. */
export function readCString(bytes: Uint8Array, offset: number, length: number): string {
  const field = bytes.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return String.fromCharCode(...field.subarray(0, end < 0 ? field.length : end));
}

/** Writes text into a fixed-size field, NUL-padded; throws when it does not fit. */
export function writeCString(target: Uint8Array, offset: number, length: number, text: string, what: string): void {
  if (text.length > length || !isPrintable(text)) {
    throw new RangeError(`${what} "${text}" must be printable ASCII of at most ${length} characters`);
  }
  target.fill(0, offset, offset + length);
  for (let i = 0; i < text.length; i++) target[offset + i] = text.charCodeAt(i);
}

/** True when the four bytes at `offset` spell `magic` in ASCII. */
export function hasMagic(bytes: Uint8Array, offset: number, magic: string): boolean {
  if (offset + magic.length > bytes.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic.charCodeAt(i)) return false;
  return true;
}

export function isPrintable(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
