/**
 * The rules every write passes, Beken and Bouffalo alike: the chip's family, the file's own verdict,
 * where its content belongs, the bootloader region, the firmware the device boots, the flash size.
 * Each refusal is one sentence naming the one flag that overrides it (or saying that none does).
 */
import { bekenRules } from './beken.js';
import { bouffaloRules, headerKindMismatch } from './bouffalo.js';
import type { Content, Geometry } from './content.js';
import { checkAddress, padToSectors } from './numbers.js';
import { GateRefused, hex, refuseUnless } from './refusal.js';
import type { GateOptions, GateRequest } from './types.js';

export interface Placement {
  content: Content;
  geometry: Geometry;
  address: number;
  /** The bytes for the flash from `address` on, padded to whole sectors. */
  data: Uint8Array;
  /** Placed where the content belongs (false: raw bytes at an address the user gave). */
  atHome: boolean;
  /** The file's bootloader region, left out so the chip keeps its own: compared with the chip's before writing. */
  keptBootloader: { offset: number; data: Uint8Array } | null;
  notes: string[];
}

/** `write` refuses what is unsafe; `verify` only places the file as a write would. */
export type Mode = 'write' | 'verify';

const MiB = 1048576;

function refuser(mode: Mode, options: GateOptions) {
  return (flag: keyof GateOptions, flagName: string, message: string): void => {
    if (mode === 'write' && !options[flag]) throw refuseUnless(flagName, message);
  };
}

const VENDOR_NAME = { beken: 'Beken', bouffalo: 'Bouffalo' } as const;

function checkFamily({ file, data, report, chip }: GateRequest, unsafe: ReturnType<typeof refuser>): void {
  if ((report.vendor === 'beken' || report.vendor === 'bouffalo') && report.vendor !== chip.vendor) {
    const family = report.family ?? (report.vendor === 'beken' ? 'BK72xx' : 'BL60x');
    throw new GateRefused(`${file}: this is a ${VENDOR_NAME[report.vendor]} ${family} file (${report.kind}); it cannot be written to a ${VENDOR_NAME[chip.vendor]} chip`, 'unsafe');
  }
  const fileFamily = report.family?.toUpperCase();
  if (fileFamily && fileFamily !== chip.family.toUpperCase()) {
    unsafe('forceFamily', '--force-family', `${file}: built for ${report.family}, but the chip is a ${chip.family}; its firmware cannot run there and writing it would brick the device`);
  }
  const mismatch = chip.vendor === 'bouffalo' ? headerKindMismatch(file, data, chip.family) : null;
  if (mismatch) unsafe('forceFamily', '--force-family', mismatch);
}

/** Where the file goes, by the rules; throws GateRefused when a rule says no. */
export function place(request: GateRequest, mode: Mode): Placement {
  const { file, report, chip, options } = request;
  const unsafe = refuser(mode, options);
  if (options.offset !== undefined) checkAddress('--offset', options.offset, chip.flashSize);
  const rules = chip.vendor === 'beken' ? bekenRules : bouffaloRules;
  checkFamily(request, unsafe);
  const content = rules.content(request);
  if (content.judged && !report.verdict.restorable) {
    unsafe('forceDamaged', '--force-damaged', `${file}: not safe to write: ${report.verdict.problems[0] ?? 'inspect found it damaged'} (see fwkit inspect ${file})`);
  }
  const geometry = rules.geometry(request, content);
  const notes = [...content.notes];

  // Where: the content's own place, or the user's --offset when the content has none.
  let address: number;
  let atHome = true;
  if (content.home === null) {
    if (options.offset === undefined) throw new GateRefused(`${file}: fwkit cannot tell where ${content.what} belongs; pass --offset to write it as raw bytes at an address`, 'input');
    address = options.offset;
    atHome = false;
  } else if (options.offset !== undefined && options.offset !== content.home) {
    unsafe('forceOffset', '--force-offset', `${file}: ${content.what} belongs at ${hex(content.home)}, and --offset ${hex(options.offset)} would put it where the chip does not look for it`);
    address = options.offset;
    atHome = false;
  } else address = content.home;

  // The bootloader region: a full image leaves it out unless asked; nothing else may touch it unasked.
  let data = content.data;
  let keptBootloader: Placement['keptBootloader'] = null;
  const end = geometry.bootEnd;
  if (atHome && content.holdsBootloader && !content.bootloaderOnly && address < end && !options.overwriteBootloader) {
    keptBootloader = { offset: address, data: data.subarray(0, end - address) };
    data = data.subarray(end - address);
    address = end;
    notes.push(
      chip.bootloaderWritable
        ? `the bootloader region (0x0-${hex(end - 1)}) is left as it is on the chip (pass --overwrite-bootloader to write the file's)`
        : `the bootloader region (0x0-${hex(end - 1)}) is left as it is: a ${chip.family} must keep its own bootloader`,
    );
  }
  if (address < end && mode === 'write') {
    if (!chip.bootloaderWritable) {
      throw new GateRefused(`writing below ${hex(end)} would replace the ${chip.family}'s bootloader, which cannot be written over UART on this family; no flag allows it (write from ${hex(end)} on)`, 'unsafe');
    }
    unsafe('overwriteBootloader', '--overwrite-bootloader', `writing ${file} at ${hex(address)} replaces the ${chip.family}'s bootloader region (0x0-${hex(end - 1)}), and a bad one leaves a device that does not boot`);
  }

  // The firmware the device boots: raw bytes over it, or an image without one, leave the device without firmware.
  const fw = geometry.firmware;
  if (atHome && content.leavesNoFirmware) unsafe('forceNoFirmware', '--force-no-firmware', `${content.leavesNoFirmware}: the device would be left without firmware`);
  if (fw && (!atHome || !content.holdsFirmware) && address < fw.offset + fw.length && address + data.length > fw.offset) {
    unsafe('forceNoFirmware', '--force-no-firmware', `${file}: ${content.what} at ${hex(address)} overwrites the firmware partition (${hex(fw.offset)}-${hex(fw.offset + fw.length - 1)}) with bytes that are not a firmware placed there: the device would be left without firmware`);
  }

  const padded = padToSectors(data);
  if (address + padded.length > chip.flashSize) {
    throw new GateRefused(`${file}: ${padded.length} bytes at ${hex(address)} end at ${hex(address + padded.length)}, past the end of the ${chip.flashSize / MiB} MiB flash`, 'input');
  }
  return { content, geometry, address, data: padded, atHome, keptBootloader, notes };
}
