/** What a Beken file is and where it belongs, decided from what `inspect` found in it. */
import { APP_PHYS_SIZE } from '../../formats/beken/layouts.js';
import { BOOTLOADER_END } from '../beken/families.js';
import type { Content, VendorRules } from './content.js';
import { GateRefused } from './refusal.js';
import type { GateRequest } from './types.js';

const WHAT: Record<string, string> = {
  'full-dump': 'a full flash dump',
  qio: 'a QIO image (bootloader, then the app)',
  'bootloader-app-dump': 'a dump of the bootloader and app',
  partial: 'a partial dump from 0x0',
  ua: 'a UA image (the app partition)',
  'restore-image': 'a restore image (the flash from 0x11000 on)',
};

function bekenContent({ file, data, report }: GateRequest): Content {
  if (report.rotated || report.kind === 'rotated-dump') {
    throw new GateRefused(`${file}: a rotated dump (its bootloader sits at the end of the file); convert it to physical order first (fwkit convert unrotate)`, 'input');
  }
  if (report.kind === 'rbl' || report.kind === 'ug') {
    throw new GateRefused(`${file}: an OTA package (${report.kind.toUpperCase()}), which is installed over the air, not written to flash; use a UA or QIO image`, 'input');
  }
  const base = { kind: report.kind, data, bootloaderOnly: false, leavesNoFirmware: null, judged: true, notes: [] };
  switch (report.kind) {
    case 'full-dump':
    case 'qio':
    case 'bootloader-app-dump':
    case 'partial':
      return { ...base, home: 0, what: WHAT[report.kind], holdsBootloader: true, holdsFirmware: true };
    case 'ua':
    case 'restore-image':
      return { ...base, home: BOOTLOADER_END, what: WHAT[report.kind], holdsBootloader: false, holdsFirmware: true };
    default:
      // a Tuya KV region, or bytes nothing recognised: only the user knows where they go
      return { ...base, home: null, what: `${report.kind === 'unknown' ? 'raw bytes' : `a ${report.kind}`}`, holdsBootloader: false, holdsFirmware: false, judged: false };
  }
}

export const bekenRules: VendorRules = {
  content: bekenContent,
  // the app partition from 0x11000, as every Beken layout has it
  geometry: () => ({ bootEnd: BOOTLOADER_END, firmware: { offset: BOOTLOADER_END, length: APP_PHYS_SIZE } }),
};
