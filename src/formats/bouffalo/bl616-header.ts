import { FormatError } from '../errors.js';
import { crc32Of, hasMagic, view } from '../bytes.js';

/**
 * The 256-byte boot header of BL616/BL618 (bouffalo.md §2.5): the same flash block as BL602, a
 * 12-byte clock block, the boot configuration at 120 (bits differ from BL602's), the image fields,
 * the CPU block, table addresses and patch lists, and the header CRC at 252.
 */
export const BL616_HEADER_SIZE = 256;

export interface Bl616Clock {
  xtalType: number;
  mcuClk: number;
  mcuClkDiv: number;
  mcuBclkDiv: number;
  mcuPbclkDiv: number;
  emiClk: number;
  emiClkDiv: number;
  flashClkType: number;
  flashClkDiv: number;
  wifiPllPowerUp: number;
  audioPllPowerUp: number;
  reserved: number;
}

const CLOCK_FIELDS: ReadonlyArray<keyof Bl616Clock> = [
  'xtalType', 'mcuClk', 'mcuClkDiv', 'mcuBclkDiv', 'mcuPbclkDiv', 'emiClk', 'emiClkDiv', 'flashClkType', 'flashClkDiv', 'wifiPllPowerUp', 'audioPllPowerUp', 'reserved',
];

export interface Bl616Cpu {
  configEnable: number;
  haltCpu: number;
  /** Cache enable and way-disable bits, kept as stored. */
  cacheFlags: number;
  reserved: number;
  imageAddressOffset: number;
  bootEntry: number;
  msp: number;
}

export interface AddressValue {
  address: number;
  value: number;
}

export interface Bl616Header {
  chip: 'BL616';
  magic: 'BFNP';
  revision: number;
  hasFlashConfig: boolean;
  /** 84 bytes, the BL602 layout (bytes 22/23 hold the 32-bit address mode commands). */
  flashConfig: Uint8Array;
  flashConfigCrc: number;
  hasClockConfig: boolean;
  clock: Bl616Clock;
  clockConfigCrc: number;
  /** The boot configuration at offset 120; see `bl616Flags`. */
  bootConfig: number;
  /** group_image_offset: flash offset of the code (boot2 at flash 0 keeps it at 0x2000). */
  imageStart: number;
  aesRegionLength: number;
  /** img_len_cnt: byte length of a flash image, segment count of a RAM image. */
  imageLength: number;
  hash: Uint8Array;
  cpu: Bl616Cpu;
  partitionTableAddresses: [number, number];
  flashConfigTable: { address: number; length: number };
  patchOnRead: AddressValue[];
  patchOnJump: AddressValue[];
  reserved: number;
  headerCrc: number;
}

/** The BL616 boot-configuration bits fwkit acts on (positions of §2.5). */
export interface Bl616Flags {
  sign: number;
  encryptType: number;
  keySelect: number;
  xtsMode: boolean;
  aesRegionLock: boolean;
  noSegment: boolean;
  boot2Enable: boolean;
  boot2Rollback: boolean;
  cpuMasterId: number;
  notLoadInBootrom: boolean;
  crcIgnore: boolean;
  hashIgnore: boolean;
}

export function bl616Flags(word: number): Bl616Flags {
  const bit = (n: number) => ((word >>> n) & 1) === 1;
  return {
    sign: word & 3,
    encryptType: (word >>> 2) & 3,
    keySelect: (word >>> 4) & 3,
    xtsMode: bit(6),
    aesRegionLock: bit(7),
    noSegment: bit(8),
    boot2Enable: bit(9),
    boot2Rollback: bit(10),
    cpuMasterId: (word >>> 11) & 0xf,
    notLoadInBootrom: bit(15),
    crcIgnore: bit(16),
    hashIgnore: bit(17),
  };
}

/** A BL616 header has its clock CRC at 116, where BL602/BL702 keep the boot configuration. */
export function isBl616Header(data: Uint8Array, offset = 0): boolean {
  if (offset + BL616_HEADER_SIZE > data.length || !hasMagic(data, offset, 'BFNP')) return false;
  return view(data.subarray(offset + 116, offset + 120)).getUint32(0, true) === crc32Of(data.subarray(offset + 104, offset + 116));
}

function readPairs(v: DataView, at: number): AddressValue[] {
  return [0, 1, 2].map((i) => ({ address: v.getUint32(at + 8 * i, true), value: v.getUint32(at + 8 * i + 4, true) }));
}

export function decodeBl616Header(data: Uint8Array, offset = 0): Bl616Header {
  if (!isBl616Header(data, offset)) throw new FormatError(offset, 'expected a 256-byte BL616/BL618 boot header ("BFNP" with its clock CRC at offset 116)');
  const bytes = data.subarray(offset, offset + BL616_HEADER_SIZE);
  const v = view(bytes);
  return {
    chip: 'BL616',
    magic: 'BFNP',
    revision: v.getUint32(4, true),
    hasFlashConfig: hasMagic(bytes, 8, 'FCFG'),
    flashConfig: bytes.slice(12, 96),
    flashConfigCrc: v.getUint32(96, true),
    hasClockConfig: hasMagic(bytes, 100, 'PCFG'),
    clock: Object.fromEntries(CLOCK_FIELDS.map((name, i) => [name, bytes[104 + i]])) as unknown as Bl616Clock,
    clockConfigCrc: v.getUint32(116, true),
    bootConfig: v.getUint32(120, true),
    imageStart: v.getUint32(124, true),
    aesRegionLength: v.getUint32(128, true),
    imageLength: v.getUint32(132, true),
    hash: bytes.slice(136, 168),
    cpu: {
      configEnable: bytes[168],
      haltCpu: bytes[169],
      cacheFlags: bytes[170],
      reserved: bytes[171],
      imageAddressOffset: v.getUint32(172, true),
      bootEntry: v.getUint32(176, true),
      msp: v.getUint32(180, true),
    },
    partitionTableAddresses: [v.getUint32(184, true), v.getUint32(188, true)],
    flashConfigTable: { address: v.getUint32(192, true), length: v.getUint32(196, true) },
    patchOnRead: readPairs(v, 200),
    patchOnJump: readPairs(v, 224),
    reserved: v.getUint32(248, true),
    headerCrc: v.getUint32(252, true),
  };
}

/** Encodes a header exactly as given (CRC fields included); `sealBl616Header` computes them. */
export function encodeBl616Header(header: Bl616Header): Uint8Array {
  if (header.flashConfig.length !== 84) throw new RangeError('the flash configuration must be 84 bytes');
  if (header.hash.length !== 32) throw new RangeError('the hash must be 32 bytes');
  if (header.patchOnRead.length !== 3 || header.patchOnJump.length !== 3) throw new RangeError('a BL616 header holds exactly 3 patch-on-read and 3 patch-on-jump pairs');
  const bytes = new Uint8Array(BL616_HEADER_SIZE);
  const v = view(bytes);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  const u32 = (at: number, value: number) => v.setUint32(at, value >>> 0, true);
  ascii(0, header.magic);
  u32(4, header.revision);
  if (header.hasFlashConfig) ascii(8, 'FCFG');
  bytes.set(header.flashConfig, 12);
  u32(96, header.flashConfigCrc);
  if (header.hasClockConfig) ascii(100, 'PCFG');
  CLOCK_FIELDS.forEach((name, i) => (bytes[104 + i] = header.clock[name]));
  u32(116, header.clockConfigCrc);
  u32(120, header.bootConfig);
  u32(124, header.imageStart);
  u32(128, header.aesRegionLength);
  u32(132, header.imageLength);
  bytes.set(header.hash, 136);
  const c = header.cpu;
  bytes.set([c.configEnable, c.haltCpu, c.cacheFlags, c.reserved], 168);
  u32(172, c.imageAddressOffset);
  u32(176, c.bootEntry);
  u32(180, c.msp);
  u32(184, header.partitionTableAddresses[0]);
  u32(188, header.partitionTableAddresses[1]);
  u32(192, header.flashConfigTable.address);
  u32(196, header.flashConfigTable.length);
  [...header.patchOnRead, ...header.patchOnJump].forEach((pair, i) => {
    u32(200 + 8 * i, pair.address);
    u32(204 + 8 * i, pair.value);
  });
  u32(248, header.reserved);
  u32(252, header.headerCrc);
  return bytes;
}

/** The three CRCs a BL616 header should carry: flash block 12..95, clock block 104..115, header 0..251. */
export function expectedBl616Crcs(header: Bl616Header): { flashConfig: number; clockConfig: number; header: number } {
  const bytes = encodeBl616Header(header);
  return { flashConfig: crc32Of(bytes.subarray(12, 96)), clockConfig: crc32Of(bytes.subarray(104, 116)), header: crc32Of(bytes.subarray(0, 252)) };
}

/** The header with its CRCs computed, the header CRC last since it covers the others. */
export function sealBl616Header(header: Bl616Header): Bl616Header {
  const { flashConfig, clockConfig } = expectedBl616Crcs(header);
  const withConfigCrcs = { ...header, flashConfigCrc: flashConfig, clockConfigCrc: clockConfig };
  return { ...withConfigCrcs, headerCrc: expectedBl616Crcs(withConfigCrcs).header };
}
