import { crc32Ieee as crc32 } from '../../formats/crc32.js';

/**
 * The value CheckCRC returns: CRC-32 (reflected 0xEDB88320, init 0xFFFFFFFF) without the final XOR,
 * i.e. the standard CRC-32 XOR 0xFFFFFFFF.
 */
export function chipCrc(data: Uint8Array): number {
  return (crc32(data) ^ 0xffffffff) >>> 0;
}

/** Continues a chip CRC over more data (the register carries on without any XOR). */
export function chipCrcUpdate(previous: number, data: Uint8Array): number {
  return (crc32(data, (previous ^ 0xffffffff) >>> 0) ^ 0xffffffff) >>> 0;
}

export function standardCrc32(data: Uint8Array): number {
  return crc32(data) >>> 0;
}

/** Raw chip CRC of one erased 4 KiB sector (all 0xFF). */
export const ERASED_SECTOR_CRC = 0x0eab98f5;
