import crc32 from 'crc/crc32';
import * as zlib from 'node:zlib';

/** node's own CRC-32 (Node 20.15+, native and much faster on a 1 MiB app); the crc package otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 (IEEE 802.3, as zlib), optionally continuing from a previous value. The one CRC-32 of the project. */
export function crc32Ieee(data: Uint8Array, previous?: number): number {
  if (nativeCrc32) return nativeCrc32(data, previous ?? 0) >>> 0;
  return crc32(Buffer.from(data.buffer, data.byteOffset, data.byteLength), previous) >>> 0;
}
