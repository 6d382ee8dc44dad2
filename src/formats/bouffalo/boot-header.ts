import { FormatError, hex } from '../errors.js';
import { bytesEqual, crc32Of, hasMagic, sha256Of, view } from '../bytes.js';
import { BL616_HEADER_SIZE, bl616Flags, decodeBl616Header, expectedBl616Crcs, isBl616Header, type Bl616Header } from './bl616-header.js';

export { isBl616Header } from './bl616-header.js';

/**
 * The 176-byte boot header ("BFNP") of BL602 and BL702: at flash 0 for boot2, at the start of each
 * firmware partition slot, and in front of RAM images such as the eflash_loader.
 */
export const BOOT_HEADER_SIZE = 176;

/** Written into a CRC field or the first hash word when the tool chose not to compute it. */
export const PLACEHOLDER = 0xdeadbeef;

export interface ClockConfig {
  xtalType: number;
  pllClk: number;
  hclkDiv: number;
  bclkDiv: number;
  flashClkType: number;
  flashClkDiv: number;
  reserved: [number, number];
}

export interface BootHeader {
  magic: 'BFNP' | 'BFAP';
  revision: number;
  /** "FCFG" at offset 8: a flash-boot header always has it; RAM images carry zeros. */
  hasFlashConfig: boolean;
  /** The 84-byte SPI flash driver configuration (offset 12), kept as stored. */
  flashConfig: Uint8Array;
  flashConfigCrc: number;
  /** "PCFG" at offset 100. */
  hasClockConfig: boolean;
  clock: ClockConfig;
  clockConfigCrc: number;
  /** The boot configuration bit-field at offset 116; see `bootFlags`. */
  bootConfig: number;
  /** Flash image: its byte length; RAM image: the number of segments. */
  imageLength: number;
  bootEntry: number;
  /** Flash offset of the image (honoured by the ROM for boot2), or the RAM load address. */
  imageStart: number;
  /** SHA-256 of the image, or the placeholder EF BE AD DE 00... */
  hash: Uint8Array;
  /** Zero on BL602; on BL702 with boot2 in ROM, the two partition-table addresses. */
  partitionTableAddresses: [number, number];
  headerCrc: number;
}

export interface BootFlags {
  sign: number;
  encryptType: number;
  keySelect: number;
  /** Set for flash (XIP) images, whose length field is a byte count. */
  noSegment: boolean;
  cacheEnable: boolean;
  notLoadInBootrom: boolean;
  aesRegionLock: boolean;
  cacheWayDisable: number;
  crcIgnore: boolean;
  hashIgnore: boolean;
  /** BL702 only: boot2 lives in ROM and reads the partition table itself. */
  boot2Enable: boolean;
  boot2Rollback: boolean;
}

export function bootFlags(word: number): BootFlags {
  const bit = (n: number) => ((word >>> n) & 1) === 1;
  return {
    sign: word & 3,
    encryptType: (word >>> 2) & 3,
    keySelect: (word >>> 4) & 3,
    noSegment: bit(8),
    cacheEnable: bit(9),
    notLoadInBootrom: bit(10),
    aesRegionLock: bit(11),
    cacheWayDisable: (word >>> 12) & 0xf,
    crcIgnore: bit(16),
    hashIgnore: bit(17),
    boot2Enable: bit(19),
    boot2Rollback: bit(20),
  };
}

/** A boot header of either size: 176 bytes (BL602/BL702) or 256 bytes (BL616/BL618). */
export type AnyBootHeader = BootHeader | Bl616Header;

export function isBl616(header: AnyBootHeader): header is Bl616Header {
  return 'chip' in header && header.chip === 'BL616';
}

export function headerSize(header: AnyBootHeader): number {
  return isBl616(header) ? BL616_HEADER_SIZE : BOOT_HEADER_SIZE;
}

/** The boot-configuration bits both header sizes have, each read from its own position. */
export type CommonBootFlags = Pick<BootFlags, 'sign' | 'encryptType' | 'keySelect' | 'noSegment' | 'aesRegionLock' | 'notLoadInBootrom' | 'crcIgnore' | 'hashIgnore' | 'boot2Enable' | 'boot2Rollback'>;

export function flagsOf(header: AnyBootHeader): CommonBootFlags {
  return isBl616(header) ? bl616Flags(header.bootConfig) : bootFlags(header.bootConfig);
}

/** Decodes the header at `offset`, BL616's 256-byte one included. */
export function decodeAnyBootHeader(data: Uint8Array, offset = 0): AnyBootHeader {
  return isBl616Header(data, offset) ? decodeBl616Header(data, offset) : decodeBootHeader(data, offset);
}

/** Decodes the header at `offset`; throws when the bytes there are not a boot header. */
export function decodeBootHeader(data: Uint8Array, offset = 0): BootHeader {
  if (offset + BOOT_HEADER_SIZE > data.length) {
    throw new FormatError(offset, `a boot header needs ${BOOT_HEADER_SIZE} bytes but only ${Math.max(0, data.length - offset)} remain`);
  }
  const bytes = data.subarray(offset, offset + BOOT_HEADER_SIZE);
  const magic = hasMagic(bytes, 0, 'BFNP') ? 'BFNP' : hasMagic(bytes, 0, 'BFAP') ? 'BFAP' : null;
  if (!magic) throw new FormatError(offset, 'expected the boot header magic "BFNP"');
  if (isBl616Header(data, offset)) throw new FormatError(offset, 'this is a 256-byte BL616/BL618 boot header; this step takes only the 176-byte BL602/BL702 header');
  const v = view(bytes);
  return {
    magic,
    revision: v.getUint32(4, true),
    hasFlashConfig: hasMagic(bytes, 8, 'FCFG'),
    flashConfig: bytes.slice(12, 96),
    flashConfigCrc: v.getUint32(96, true),
    hasClockConfig: hasMagic(bytes, 100, 'PCFG'),
    clock: {
      xtalType: bytes[104],
      pllClk: bytes[105],
      hclkDiv: bytes[106],
      bclkDiv: bytes[107],
      flashClkType: bytes[108],
      flashClkDiv: bytes[109],
      reserved: [bytes[110], bytes[111]],
    },
    clockConfigCrc: v.getUint32(112, true),
    bootConfig: v.getUint32(116, true),
    imageLength: v.getUint32(120, true),
    bootEntry: v.getUint32(124, true),
    imageStart: v.getUint32(128, true),
    hash: bytes.slice(132, 164),
    partitionTableAddresses: [v.getUint32(164, true), v.getUint32(168, true)],
    headerCrc: v.getUint32(172, true),
  };
}

/** Encodes a header exactly as given (CRC fields included); `sealBootHeader` computes them. */
export function encodeBootHeader(header: BootHeader): Uint8Array {
  if (header.flashConfig.length !== 84) throw new RangeError('the flash configuration must be 84 bytes');
  if (header.hash.length !== 32) throw new RangeError('the hash must be 32 bytes');
  const bytes = new Uint8Array(BOOT_HEADER_SIZE);
  const v = view(bytes);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, header.magic);
  v.setUint32(4, header.revision, true);
  if (header.hasFlashConfig) ascii(8, 'FCFG');
  bytes.set(header.flashConfig, 12);
  v.setUint32(96, header.flashConfigCrc, true);
  if (header.hasClockConfig) ascii(100, 'PCFG');
  const c = header.clock;
  bytes.set([c.xtalType, c.pllClk, c.hclkDiv, c.bclkDiv, c.flashClkType, c.flashClkDiv, ...c.reserved], 104);
  v.setUint32(112, header.clockConfigCrc, true);
  v.setUint32(116, header.bootConfig, true);
  v.setUint32(120, header.imageLength, true);
  v.setUint32(124, header.bootEntry, true);
  v.setUint32(128, header.imageStart, true);
  bytes.set(header.hash, 132);
  v.setUint32(164, header.partitionTableAddresses[0], true);
  v.setUint32(168, header.partitionTableAddresses[1], true);
  v.setUint32(172, header.headerCrc, true);
  return bytes;
}

/** The three CRCs a header should carry, computed from its other fields. */
export function expectedCrcs(header: BootHeader): { flashConfig: number; clockConfig: number; header: number } {
  const bytes = encodeBootHeader(header);
  return {
    flashConfig: crc32Of(bytes.subarray(12, 96)),
    clockConfig: crc32Of(bytes.subarray(104, 112)),
    header: crc32Of(bytes.subarray(0, 172)),
  };
}

/** The header with its flash, clock and header CRCs computed (in that order, as the header CRC covers the others). */
export function sealBootHeader(header: BootHeader): BootHeader {
  const partial = { ...header, flashConfigCrc: 0, clockConfigCrc: 0 };
  const { flashConfig, clockConfig } = expectedCrcs(partial);
  const withConfigCrcs = { ...header, flashConfigCrc: flashConfig, clockConfigCrc: clockConfig };
  return { ...withConfigCrcs, headerCrc: expectedCrcs(withConfigCrcs).header };
}

export type CrcStatus = 'ok' | 'bad';
/** "ignored": the header asks not to check it and carries the placeholder, which boot2 accepts. */
export type IgnorableStatus = 'ok' | 'ignored' | 'bad';

export interface BootHeaderCheck {
  flashConfigCrc: CrcStatus;
  clockConfigCrc: CrcStatus;
  headerCrc: IgnorableStatus;
}

export function checkBootHeader(header: AnyBootHeader): BootHeaderCheck {
  const expected = isBl616(header) ? expectedBl616Crcs(header) : expectedCrcs(header);
  const flags = flagsOf(header);
  let headerCrc: IgnorableStatus = header.headerCrc === expected.header ? 'ok' : 'bad';
  // boot2 skips the check only when the bit is set AND the field holds the placeholder.
  if (headerCrc === 'bad' && flags.crcIgnore && header.headerCrc === PLACEHOLDER) headerCrc = 'ignored';
  return {
    flashConfigCrc: header.flashConfigCrc === expected.flashConfig ? 'ok' : 'bad',
    clockConfigCrc: header.clockConfigCrc === expected.clockConfig ? 'ok' : 'bad',
    headerCrc,
  };
}

/** True when the hash field holds the "not computed" placeholder (first word 0xDEADBEEF). */
export function hashIsPlaceholder(header: AnyBootHeader): boolean {
  return view(header.hash).getUint32(0, true) === PLACEHOLDER;
}

/**
 * "truncated": the file ends before the image does, so the hash cannot be checked; "not-applicable":
 * the header describes no image of its own (BL702 with boot2 in ROM).
 */
export type HashStatus = IgnorableStatus | 'truncated' | 'not-applicable';

/**
 * Checks the SHA-256 of a flash (no_segment) image whose bytes start at `imageOffset` in `data`.
 * Only unsigned images may skip the hash, and only with the placeholder in place.
 */
export function checkImageHash(header: AnyBootHeader, data: Uint8Array, imageOffset: number): HashStatus {
  const flags = flagsOf(header);
  if (flags.hashIgnore && flags.sign === 0 && hashIsPlaceholder(header)) return 'ignored';
  const end = imageOffset + header.imageLength;
  if (end > data.length) return 'truncated';
  return bytesEqual(sha256Of(data.subarray(imageOffset, end)), header.hash) ? 'ok' : 'bad';
}

/** One sentence per reason the header cannot be trusted; empty when it can. */
export function bootHeaderProblems(header: AnyBootHeader, check: BootHeaderCheck, where: string): string[] {
  const problems: string[] = [];
  if (check.flashConfigCrc === 'bad') problems.push(`${where}: the flash configuration CRC does not match (stored ${hex(header.flashConfigCrc, 8)})`);
  if (check.clockConfigCrc === 'bad') problems.push(`${where}: the clock configuration CRC does not match (stored ${hex(header.clockConfigCrc, 8)})`);
  if (check.headerCrc === 'bad') problems.push(`${where}: the header CRC does not match (stored ${hex(header.headerCrc, 8)}); the boot ROM would reject it`);
  return problems;
}

/** Signed or encrypted images boot only on the chip whose efuse keys match: worth a warning, not a refusal. */
export function securityWarning(header: AnyBootHeader, where: string): string | null {
  const flags = flagsOf(header);
  if (flags.sign === 0 && flags.encryptType === 0) return null;
  const what = [flags.sign ? 'signed' : '', flags.encryptType ? 'encrypted' : ''].filter(Boolean).join(' and ');
  return `${where} is ${what}: it boots only on the chip whose efuse keys match`;
}
