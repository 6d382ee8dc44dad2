import crc32 from 'crc/crc32';
import * as zlib from 'node:zlib';

/** FNV-1a 32-bit, as RT-Thread's OTA tools hash the raw firmware. */
export function fnv1a32(data: Uint8Array, hash = 0x811c9dc5): number {
  for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i], 0x01000193);
  return hash >>> 0;
}

/** node's own CRC-32 (Node 20.15+, native and much faster on a 1 MiB app); the crc package otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 (IEEE, as zlib), optionally continuing from a previous value. */
export function crc32Ieee(data: Uint8Array, previous?: number): number {
  if (nativeCrc32) return nativeCrc32(data, previous ?? 0) >>> 0;
  return crc32(Buffer.from(data.buffer, data.byteOffset, data.byteLength), previous) >>> 0;
}
