import { crc32Ieee } from '../crc32.js';

export { crc32Ieee };

/** FNV-1a 32-bit, as RT-Thread's OTA tools hash the raw firmware. */
export function fnv1a32(data: Uint8Array, hash = 0x811c9dc5): number {
  for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i], 0x01000193);
  return hash >>> 0;
}

