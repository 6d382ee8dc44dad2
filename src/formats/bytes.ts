import { createHash } from 'node:crypto';
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
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** A Buffer over the same memory (no copy), for APIs that want one. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function toHex(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('hex');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
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
