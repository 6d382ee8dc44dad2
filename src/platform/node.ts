import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import crc32Table from 'crc/calculators/crc32';
import type { CipherDirection, Platform } from './api.js';

/** fflate, loaded on first use: it builds its inflate tables (and looks for worker_threads) as it loads. */
let fflate: typeof import('fflate') | undefined;
const nodeRequire = createRequire(import.meta.url);

/** Node's own CRC-32 (Node 20.15+, native and much faster on a 1 MiB app); the table-driven one otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function bytes(out: Buffer): Uint8Array {
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function aes(mode: 'ecb' | 'cbc', direction: CipherDirection, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
  const name = `aes-${key.length * 8}-${mode}`;
  const cipher = direction === 'encrypt' ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  cipher.setAutoPadding(false);
  return bytes(Buffer.concat([cipher.update(data), cipher.final()]));
}

/** The platform in Node: node:crypto and node:zlib, Buffer for searching and text. */
export const platform: Platform = {
  sha256: (data) => bytes(createHash('sha256').update(data).digest()),
  aesEcb: (direction, key, data) => aes('ecb', direction, key, null, data),
  aesCbc: (direction, key, iv, data) => aes('cbc', direction, key, iv, data),
  gzip: (data, level) => bytes(zlib.gzipSync(data, { level })),
  gunzipStream: (ondata) => new (fflate ??= nodeRequire('fflate') as typeof import('fflate')).Gunzip((chunk) => ondata(chunk)),
  crc32: (data, previous) => (nativeCrc32 ? nativeCrc32(data, previous ?? 0) : crc32Table(data, previous)) >>> 0,
  indexOfBytes: (haystack, needle, from = 0) => buffer(haystack).indexOf(typeof needle === 'object' ? buffer(needle) : needle, from, 'latin1'),
  latin1: (data, start = 0, end = data.length) => buffer(data).toString('latin1', start, end),
  equal: (a, b) => a.length === b.length && buffer(a).equals(buffer(b)),
  hex: (data) => buffer(data).toString('hex'),
};
