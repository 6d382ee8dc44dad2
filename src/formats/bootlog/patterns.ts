/**
 * What the lines of a boot log mean: the banners that open a boot (and name the chip), the firmware
 * banner (which names the chip the firmware was built for), boot counters, safe mode, Wi-Fi start.
 */
import { CHIP_NAMES, type ChipName } from './log-ports.js';

export type LineKind = 'boot-stage' | 'firmware-banner' | 'safe-mode' | 'wifi-start' | 'network-up' | 'other';

export interface LineMeaning {
  kind: LineKind;
  /** The chip a banner names, when it names a supported one. */
  chip?: ChipName;
  /** A boot counter's value, on any kind of line. */
  bootCounter?: number;
}

/** First-stage banners: the bootloader or SDK start-up message, printed once per reset. */
const BOOT_STAGE = [
  /\bV:(BK72\d\d[A-Z]?)_/i, // Beken bootloader version line, e.g. V:BK7231N_1.0.1
  /\bBooting (BL6\d\d|BL7\d\d) Chip/i, // Bouffalo SDK start-up
  /\bStarting (bl6\d\d|bl7\d\d) now/i,
];

/** The application's own banner; OpenBeken names the chip it was built for. */
const FIRMWARE_BANNER = [/\bOpen(BK72\d\d[A-Z]?|BL6\d\d|BL7\d\d)\b/i];

const BOOT_COUNTER = /\bboot[ _-]?(?:count|counter|cnt|failures?)\b\D{0,12}?(\d{1,9})/i;
const SAFE_MODE = /\bsafe[ _-]?mode\b/i;
const WIFI_START = /\b(?:wi-?fi|wlan|sta)\b.{0,40}\b(?:start|starting|init|connect|connecting|scan)/i;
const NETWORK_UP = /\b(?:got ip|ip address|dhcp\W.{0,20}(?:bound|done|ok)|ip=\d+\.\d+\.\d+\.\d+)/i;

export function chipFromBanner(name: string): ChipName | undefined {
  const lower = name.toLowerCase();
  return (CHIP_NAMES as readonly string[]).includes(lower) ? (lower as ChipName) : undefined;
}

function firstMatch(patterns: RegExp[], line: string): RegExpMatchArray | null {
  for (const pattern of patterns) {
    const match = line.match(pattern);
    if (match) return match;
  }
  return null;
}

export function classifyLine(line: string): LineMeaning {
  const counter = line.match(BOOT_COUNTER);
  const bootCounter = counter ? Number(counter[1]) : undefined;
  const withCounter = (meaning: LineMeaning): LineMeaning => (bootCounter === undefined ? meaning : { ...meaning, bootCounter });
  const stage = firstMatch(BOOT_STAGE, line);
  if (stage) return withCounter({ kind: 'boot-stage', chip: chipFromBanner(stage[1]!) });
  const banner = firstMatch(FIRMWARE_BANNER, line);
  if (banner) return withCounter({ kind: 'firmware-banner', chip: chipFromBanner(banner[1]!) });
  if (SAFE_MODE.test(line)) return withCounter({ kind: 'safe-mode' });
  if (NETWORK_UP.test(line)) return withCounter({ kind: 'network-up' });
  if (WIFI_START.test(line)) return withCounter({ kind: 'wifi-start' });
  return withCounter({ kind: 'other' });
}
