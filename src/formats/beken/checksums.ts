import crc32 from 'crc/crc32';

/** FNV-1a 32-bit, as RT-Thread's OTA tools hash the raw firmware. */
export function fnv1a32(data: Uint8Array, hash = 0x811c9dc5): number {
  for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i], 0x01000193);
  return hash >>> 0;
}

/** CRC-32 (IEEE, as zlib), optionally continuing from a previous value. */
export function crc32Ieee(data: Uint8Array, previous?: number): number {
  return crc32(Buffer.from(data.buffer, data.byteOffset, data.byteLength), previous) >>> 0;
}
