/**
 * What the lines of a boot log mean: the markers that open a boot (bootloader or SDK start-up, then
 * the firmware's own start), the chip a line names, boot counters, safe mode, Wi-Fi start.
 */
import { CHIP_NAMES, type ChipName } from './log-ports.js';

export type LineKind = 'boot-stage' | 'firmware-start' | 'safe-mode' | 'wifi-start' | 'network-up' | 'other';

export interface LineMeaning {
  kind: LineKind;
  /** The chip named by a first-stage banner (the silicon). */
  bootChip?: ChipName;
  /** The chip named by the firmware (OpenBeken's platform name: the chip it was built for). */
  firmwareChip?: ChipName;
  /** A boot counter's value, on any kind of line. */
  bootCounter?: number;
}

/** Boot markers in the order a boot prints them; a marker of a stage already passed means a new boot. */
export const BOOT_MARKER_RANK: Partial<Record<LineKind, number>> = { 'boot-stage': 0, 'firmware-start': 1 };

/** First-stage banners: the bootloader or SDK start-up message, printed once per reset. */
const BOOT_STAGE = [
  /\bV:(BK72\d\d[A-Z]?)_/i, // Beken bootloader version line, e.g. V:BK7231N_1.0.1
  /\bBooting (BL6\d\d|BL7\d\d) Chip/i, // Bouffalo SDK start-up
  /\bStarting (bl6\d\d|bl7\d\d) now/i,
];

/** The firmware's start: OpenBeken prints its first init step's name (once raw, once as a log line). */
const FIRMWARE_START = /\bMain_Init_Before_Delay\b(?!\s+done)/;

/** OpenBeken's platform name (also its default device and access-point name), e.g. OpenBK7231N_1A2B3C4D. */
const FIRMWARE_CHIP = /\bOpen(BK72\d\d[A-Z]?|BL6\d\d|BL7\d\d)(?![A-Za-z0-9])/i;

const BOOT_COUNTER = /\bboot[ _-]?(?:count|counter|cnt|failures?)\b\D{0,12}?(\d{1,9})/i;
const SAFE_MODE = /\bsafe[ _-]?mode\b|\[SAFE\]/i;
const WIFI_START = /\b(?:wi-?fi|wlan|sta)\b.{0,40}\b(?:start|starting|init|connect|connecting|scan)|\bconnecting to (?:ssid|ap)\b/i;
const NETWORK_UP = /\b(?:got ip|ip address|dhcp\W.{0,20}(?:bound|done|ok)|ip=\d+\.\d+\.\d+\.\d+)/i;

export function chipFromBanner(name: string): ChipName | undefined {
  const lower = name.toLowerCase();
  return (CHIP_NAMES as readonly string[]).includes(lower) ? (lower as ChipName) : undefined;
}

function kindOf(line: string): { kind: LineKind; bootChip?: ChipName } {
  for (const pattern of BOOT_STAGE) {
    const match = line.match(pattern);
    if (match) return { kind: 'boot-stage', bootChip: chipFromBanner(match[1]!) };
  }
  if (FIRMWARE_START.test(line)) return { kind: 'firmware-start' };
  if (SAFE_MODE.test(line)) return { kind: 'safe-mode' };
  if (NETWORK_UP.test(line)) return { kind: 'network-up' };
  if (WIFI_START.test(line)) return { kind: 'wifi-start' };
  return { kind: 'other' };
}

export function classifyLine(line: string): LineMeaning {
  const { kind, bootChip } = kindOf(line);
  const meaning: LineMeaning = { kind };
  if (bootChip) meaning.bootChip = bootChip;
  const firmware = line.match(FIRMWARE_CHIP);
  const firmwareChip = firmware ? chipFromBanner(firmware[1]!) : undefined;
  if (firmwareChip) meaning.firmwareChip = firmwareChip;
  const counter = line.match(BOOT_COUNTER);
  if (counter) meaning.bootCounter = Number(counter[1]);
  return meaning;
}
