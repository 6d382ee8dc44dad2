import { BOOTLOADER_FINGERPRINT_TABLE } from '../../formats/beken/fingerprints.js';

/**
 * What differs between Beken chips on the download port: who speaks the protocol (mask ROM or the
 * bootloader in flash), the CheckCRC end-address rule, the protected bootloader region, identification.
 */

export type BekenFamily = 'BK7231N' | 'BK7231M' | 'BK7238' | 'BK7252N' | 'BK7231T' | 'BK7231U' | 'BK7252' | 'BK7231Q';

/** 'rom' = full command set (ROM chips); 'bootloader' = the reduced set of T/U/7252 bootloaders. */
export type ProtocolKind = 'rom' | 'bootloader';

export interface FamilyTraits {
  family: BekenFamily;
  protocol: ProtocolKind;
  /** ROM chips include the end address in CheckCRC; bootloader chips exclude it. */
  crcEndInclusive: boolean;
  /** Value of the chip-ID register 0x00800000 (ROM chips only). */
  chipId: number | null;
  /** The bootloader region 0x0-0x10FFF is guarded by the chip itself (reads need the wrap-around). */
  guardsBootloader: boolean;
  /** Flash size assumed when the chip cannot report a JEDEC id. */
  defaultFlashSize: number;
}

export const BOOTLOADER_END = 0x11000;
export const SECTOR_SIZE = 0x1000;
export const CHIP_ID_REGISTER = 0x00800000;

const MiB = 1024 * 1024;

const TRAITS: Record<BekenFamily, FamilyTraits> = {
  BK7231N: { family: 'BK7231N', protocol: 'rom', crcEndInclusive: true, chipId: 0x7231c, guardsBootloader: false, defaultFlashSize: 2 * MiB },
  BK7231M: { family: 'BK7231M', protocol: 'rom', crcEndInclusive: true, chipId: 0x7231c, guardsBootloader: false, defaultFlashSize: 2 * MiB },
  BK7238: { family: 'BK7238', protocol: 'rom', crcEndInclusive: true, chipId: 0x7238, guardsBootloader: false, defaultFlashSize: 2 * MiB },
  BK7252N: { family: 'BK7252N', protocol: 'rom', crcEndInclusive: true, chipId: 0x7252a, guardsBootloader: false, defaultFlashSize: 4 * MiB },
  BK7231T: { family: 'BK7231T', protocol: 'bootloader', crcEndInclusive: false, chipId: null, guardsBootloader: true, defaultFlashSize: 2 * MiB },
  BK7231U: { family: 'BK7231U', protocol: 'bootloader', crcEndInclusive: false, chipId: null, guardsBootloader: true, defaultFlashSize: 2 * MiB },
  BK7252: { family: 'BK7252', protocol: 'bootloader', crcEndInclusive: false, chipId: null, guardsBootloader: true, defaultFlashSize: 2 * MiB },
  BK7231Q: { family: 'BK7231Q', protocol: 'bootloader', crcEndInclusive: false, chipId: null, guardsBootloader: true, defaultFlashSize: 2 * MiB },
};

export const FAMILIES = Object.keys(TRAITS) as BekenFamily[];

export function familyTraits(family: BekenFamily): FamilyTraits {
  return TRAITS[family];
}

/** Accepts "bk7231n", "BK7231N", "7231n". */
export function parseFamily(name: string): BekenFamily | null {
  const upper = name.toUpperCase();
  const candidate = (upper.startsWith('BK') ? upper : `BK${upper}`) as BekenFamily;
  return candidate in TRAITS ? candidate : null;
}

/** Families sharing one chip-ID register value; BK7231N and BK7231M differ only by the eFuse key. */
export function familiesWithChipId(chipId: number): BekenFamily[] {
  return FAMILIES.filter((f) => TRAITS[f].chipId === chipId);
}

export interface BootloaderFingerprint {
  family: BekenFamily;
  name: string;
  /** The version string the bootloader answers to ReadBootVersion, when it has one. */
  bootVersion: string | null;
}

/**
 * Known bootloader builds by the CRC-32 CheckCRC(0, 0x100) reports (257 bytes on ROM chips, 256 on
 * bootloader chips): the one table in formats/beken/fingerprints.ts, keyed by value.
 */
export const BOOTLOADER_FINGERPRINTS = new Map<number, BootloaderFingerprint>(
  BOOTLOADER_FINGERPRINT_TABLE.map((f) => [f.crc, { family: f.family, name: f.name, bootVersion: f.bootVersion }]),
);

/** eFuse AES key bytes (eFuse order) of Tuya BK7231N chips; a BK7231M reads all zero. */
export const BK7231N_EFUSE_KEY = Uint8Array.from([0x93, 0xb0, 0x0f, 0x51, 0xdc, 0xea, 0xcb, 0xa3, 0x7e, 0xa1, 0x93, 0x59, 0x03, 0xeb, 0xad, 0xc7]);
