/**
 * Identifying a chip without touching its flash: what the Beken session learns while it opens (family,
 * bootloader, flash part and protection), or what a Bouffalo boot ROM tells alone (chip, ROM version,
 * the eFuse security settings), no eflash_loader needed.
 */
import type { ChipInfo } from '../flash/beken/session.js';
import type { BootInfo } from '../flash/bouffalo/boot-info.js';
import type { BouffaloRom } from './bouffalo-connect.js';
import type { BekenSession } from './beken-device.js';
import { familyName, hexId } from './json-values.js';

export async function bekenInfo(open: () => Promise<BekenSession>): Promise<ChipInfo> {
  const session = await open();
  await session.close();
  return session.info;
}

const ENCRYPTION = ['none', 'AES-128', 'AES-256', 'AES-192'];

/** In the JSON vocabulary (README "JSON output"): the family in upper case, ids as lower-case 0x hex. */
export interface BouffaloRomFacts {
  vendor: 'bouffalo';
  /** Null when an eflash_loader was already running (it does not say which chip it runs on). */
  family: string | null;
  /** Null when an eflash_loader was already running (it does not tell the ROM version). */
  romVersion: string | null;
  chipId: string | null;
  signType: number;
  encryption: string;
  secureBoot: boolean;
  flashAccess: string;
}

/** The boot ROM's answer as facts for the user: secure boot (signing or encryption in eFuse) keeps the flash closed. */
export function bouffaloRomFacts(bootInfo: BootInfo): BouffaloRomFacts {
  const secure = bootInfo.signType !== 0 || bootInfo.encrypted !== 0;
  const bl616 = bootInfo.chip === 'bl616';
  return {
    vendor: 'bouffalo',
    family: familyName(bootInfo.chip),
    romVersion: bootInfo.loaderRunning ? null : hexId(bootInfo.romVersion),
    chipId: hexId(bootInfo.chipId),
    signType: bootInfo.signType,
    encryption: ENCRYPTION[bootInfo.encrypted] ?? `type ${bootInfo.encrypted}`,
    secureBoot: secure,
    flashAccess: secure
      ? `refused: secure boot is on (signed or encrypted images only), so ${bl616 ? 'fwkit does not touch the flash' : 'a plain eflash_loader cannot run and the flash cannot be read out'}`
      : bl616
        ? "through the boot ROM's own flash commands (no eflash_loader needed)"
        : 'through the eflash_loader (fwkit flash read/write load it; see --loader)',
  };
}

export interface BouffaloInfo {
  facts: BouffaloRomFacts;
  /** BL616/BL618 only (its ROM reads the flash); null elsewhere. The JEDEC id as "0xef4015". */
  flash: { flashId: string; flashSize: number } | null;
  /** BL616/BL618: A0 silicon (configured by memory write) and the eFuse flash pin setting the ROM is given. */
  bl616: { a0: boolean; flashPin: number } | null;
}

export async function bouffaloInfo(open: () => Promise<BouffaloRom>): Promise<BouffaloInfo> {
  const rom = await open();
  await rom.close();
  const { bootInfo, flash } = rom;
  return {
    facts: bouffaloRomFacts(bootInfo),
    flash: flash ? { flashId: hexId(flash.jedecId), flashSize: flash.flashSize } : null,
    bl616: bootInfo.bl616 ? { a0: bootInfo.bl616.a0, flashPin: bootInfo.bl616.flashPin } : null,
  };
}
