import { crc32Ieee } from './checksums.js';
import type { SupportedFamily } from './chips.js';

/**
 * Known bootloader builds by the standard CRC-32 of the start of flash, as a chip's CheckCRC(0, 0x100)
 * reports it: ROM chips (N/M, BK7238, BK7252N) include the end address, so their value covers 257 bytes;
 * bootloader chips (T/U/Q, BK7252) cover 256. One table for the inspector and the flasher.
 */
export interface BootloaderFingerprint {
  crc: number;
  bytes: 256 | 257;
  /** The build's name in the public tables (bk7231tools). */
  name: string;
  family: SupportedFamily;
  /** The key stock images for this bootloader use. */
  key: 'tuya' | 'zero';
  /** The version string the bootloader answers to ReadBootVersion, when it has one. */
  bootVersion: string | null;
}

export const BOOTLOADER_FINGERPRINT_TABLE: readonly BootloaderFingerprint[] = [
  { crc: 0xe14191ba, bytes: 257, name: 'bl_bk7231n_1.0.1', family: 'BK7231N', key: 'tuya', bootVersion: null },
  { crc: 0xf42f8c32, bytes: 257, name: 'bl_t1_2.0.0', family: 'BK7238', key: 'zero', bootVersion: null },
  { crc: 0x6beb0924, bytes: 257, name: 'bootloader_bk7238_uart1_v1.0.14', family: 'BK7238', key: 'zero', bootVersion: null },
  { crc: 0xf0231ef6, bytes: 256, name: 'bl_bk7231q', family: 'BK7231Q', key: 'zero', bootVersion: null },
  { crc: 0xff5a3eac, bytes: 256, name: 'bl_bk7231q_tysdk', family: 'BK7231Q', key: 'zero', bootVersion: null },
  { crc: 0xc1eca871, bytes: 256, name: 'bl_bk7231s_1.0.1', family: 'BK7231T', key: 'tuya', bootVersion: 'BK7231S_1.0.1' },
  { crc: 0x4b31e44d, bytes: 256, name: 'bl_bk7231s_1.0.3', family: 'BK7231T', key: 'tuya', bootVersion: 'BK7231S_1.0.4' },
  { crc: 0xba54c1b8, bytes: 256, name: 'bl_bk7231s_1.0.5', family: 'BK7231T', key: 'tuya', bootVersion: 'BK7231S_1.0.5' },
  { crc: 0xe5cbc953, bytes: 256, name: 'bl_bk7231s_1.0.6', family: 'BK7231T', key: 'tuya', bootVersion: 'BK7231S_1.0.6' },
  { crc: 0x2739019f, bytes: 256, name: 'bl_bk7231u_1.0.6', family: 'BK7231U', key: 'zero', bootVersion: null },
  { crc: 0x39f9b50c, bytes: 256, name: 'bl_bk7252_0.1.3', family: 'BK7252', key: 'zero', bootVersion: null },
  { crc: 0xe3a27c26, bytes: 256, name: 'bootloader_7252_2M_uart1_log_20190828', family: 'BK7252', key: 'zero', bootVersion: null },
];

export interface FingerprintMatch extends BootloaderFingerprint {
  /** How many bytes matched: the table's width, or the other one (a dump read by another tool). */
  matchedBytes: 256 | 257;
}

/** CRC-32 of the first 256 and 257 bytes of flash. */
export function startCrcs(flashStart: Uint8Array): { crc256: number; crc257: number } {
  return { crc256: crc32Ieee(flashStart.subarray(0, 256)), crc257: crc32Ieee(flashStart.subarray(0, 257)) };
}

/** Looks both widths up: the table's own width first, then the other. */
export function matchFingerprint(flashStart: Uint8Array): FingerprintMatch | null {
  const { crc256, crc257 } = startCrcs(flashStart);
  const crcOf = (bytes: 256 | 257): number => (bytes === 256 ? crc256 : crc257);
  const own = BOOTLOADER_FINGERPRINT_TABLE.find((f) => f.crc === crcOf(f.bytes));
  if (own) return { ...own, matchedBytes: own.bytes };
  const other = BOOTLOADER_FINGERPRINT_TABLE.find((f) => f.crc === crcOf(f.bytes === 256 ? 257 : 256));
  return other ? { ...other, matchedBytes: other.bytes === 256 ? 257 : 256 } : null;
}

/** The flasher's view: one CheckCRC value, whatever width the chip used. */
export function fingerprintByCrc(crc: number): BootloaderFingerprint | null {
  return BOOTLOADER_FINGERPRINT_TABLE.find((f) => f.crc === crc) ?? null;
}
