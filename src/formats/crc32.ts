import { platform } from '../platform/index.js';

/** CRC-32 (IEEE 802.3, as zlib), optionally continuing from a previous value. The one CRC-32 of the project. */
export function crc32Ieee(data: Uint8Array, previous?: number): number {
  return platform.crc32(data, previous);
}
