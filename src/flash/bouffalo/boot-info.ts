import { u32At } from './frame.js';

/**
 * Chips this flasher talks to. "bl616" is the BL616/BL618 family: one boot ROM (version 0x0616xxxx) for
 * both packages, and nothing in its boot info tells them apart.
 */
export type BouffaloChip = 'bl602' | 'bl702' | 'bl616';

/** The eflash_loader answers get_boot_info with this ROM version. */
export const LOADER_BOOT_ROM_VERSION = 0xffffffff;

export interface BootInfo {
  /** u32 LE at payload offset 0: 1 on BL602, 0x07020001 on BL702, 0x06160001 on BL616. */
  romVersion: number;
  /** null when the reply came from a running eflash_loader (version FF FF FF FF). */
  chip: BouffaloChip | null;
  loaderRunning: boolean;
  signType: number;
  encrypted: number;
  /** BL602/BL616: payload bytes 12..17 reversed (the MAC); BL702: bytes 16..23 in order. Hex, or null when absent. */
  chipId: string | null;
  /** BL616 only: the eFuse facts its ROM needs before it touches flash; null on other chips. */
  bl616: Bl616BootFacts | null;
  raw: Uint8Array;
}

/**
 * What a BL616/BL618 boot info says beyond the version. Sources: bflb-mcu-tool's successors
 * (`get_flash_pin_from_bootinfo`: u32 LE at payload byte 8, bits 19:14) and
 * openshwprojects/BK7231GUIFlashTool BK7231Flasher/Flashers/BL616Flasher.cs (A0 marker: payload byte 0 == 0x01,
 * ROM UART timeout register 0x6102DF04) [R].
 */
export interface Bl616BootFacts {
  /** First silicon revision: its ROM lacks the set-timeout command and is configured by a memory write. */
  a0: boolean;
  /** The eFuse word sw_usage_0 (payload bytes 8..11). */
  swUsage0: number;
  /** sw_usage_0 bits 19:14: how the SPI flash is wired (embedded or external pins), for flash_set_para. */
  flashPin: number;
}

/**
 * Which chip family a boot ROM version names. Bouffalo's own tools read the version as hex digits:
 * "702"/"704"/"706" -> BL70x, "616"/"618" -> BL61x, anything else -> BL60x.
 */
export function chipFromRomVersion(version: number): BouffaloChip {
  const family = ((version >>> 16) & 0xfff).toString(16);
  if (family === '702' || family === '704' || family === '706') return 'bl702';
  if (family === '616' || family === '618') return 'bl616';
  return 'bl602';
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** How a family is shown: BL616 and BL618 share their ROM and cannot be told apart over UART. */
export function chipDisplayName(chip: BouffaloChip): string {
  return chip === 'bl616' ? 'BL616/BL618' : chip.toUpperCase();
}

export function decodeBootInfo(payload: Uint8Array): BootInfo {
  if (payload.length < 4) throw new Error(`get_boot_info returned ${payload.length} bytes, expected at least 4`);
  const romVersion = u32At(payload, 0);
  const loaderRunning = romVersion === LOADER_BOOT_ROM_VERSION;
  const chip = loaderRunning ? null : chipFromRomVersion(romVersion);
  let chipId: string | null = null;
  let bl616: Bl616BootFacts | null = null;
  if (chip === 'bl616' && payload.length >= 12) {
    const swUsage0 = u32At(payload, 8);
    bl616 = { a0: payload[0] === 0x01, swUsage0, flashPin: (swUsage0 >>> 14) & 0x3f };
  }
  if (chip === 'bl702' && payload.length >= 24) chipId = hexOf(payload.subarray(16, 24));
  else if (chip !== 'bl702' && payload.length >= 18) chipId = hexOf(payload.slice(12, 18).reverse());
  return {
    romVersion,
    chip,
    loaderRunning,
    signType: payload.length > 4 ? payload[4]! & 0x03 : 0,
    encrypted: payload.length > 5 ? payload[5]! : 0,
    chipId,
    bl616,
    raw: payload,
  };
}
