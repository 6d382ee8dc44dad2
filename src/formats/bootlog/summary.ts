/** The diagnosis summary in words, the same rows for the CLI's table and the web page's. */
import type { Diagnosis } from './analyzer.js';
import type { FirmwareFacts } from './firmware-lines.js';

const FAMILY_NAMES: Record<NonNullable<FirmwareFacts['family']>, string> = {
  tuya: 'Tuya',
  openbeken: 'OpenBeken',
  libretiny: 'LibreTiny',
  esphome: 'ESPHome',
  'bouffalo-sdk': 'Bouffalo SDK firmware',
};

/** The firmware in one phrase: "Tuya oem_bk7231n_light_ty 1.6.0 (TuyaOS 3.3.44), not paired". */
export function describeFirmware(firmware: FirmwareFacts): string {
  const family = firmware.family ? FAMILY_NAMES[firmware.family] : 'firmware';
  const main = [family, firmware.name, firmware.version].filter(Boolean).join(' ');
  const sdk = firmware.sdk ? ` (${firmware.sdk})` : '';
  const paired = firmware.paired === undefined ? '' : firmware.paired ? ', paired' : ', not paired';
  return `${main}${sdk}${paired}`;
}

export function diagnosisRows(diagnosis: Diagnosis): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['verdict', diagnosis.label === diagnosis.verdict ? diagnosis.verdict : `${diagnosis.verdict}, ${diagnosis.label}`],
    ...(diagnosis.baud === null ? [] : [['baud', String(diagnosis.baud)] as [string, string]]),
    ['received', `${diagnosis.bytes} bytes, ${diagnosis.lines} lines, ${(diagnosis.readability.score * 100).toFixed(0)}% readable`],
    ['boots seen', String(diagnosis.boots)],
  ];
  if (diagnosis.bootCounter) rows.push(['boot counter', `${diagnosis.bootCounter.first} → ${diagnosis.bootCounter.last}`]);
  if (diagnosis.chipFromBootBanner) rows.push(['chip (boot banner)', diagnosis.chipFromBootBanner.toUpperCase()]);
  if (diagnosis.chipFromFirmware) rows.push(['firmware built for', diagnosis.chipFromFirmware.toUpperCase()]);
  if (diagnosis.firmware) rows.push(['firmware', describeFirmware(diagnosis.firmware)]);
  if (diagnosis.resetReason) rows.push(['last reset reason', `${diagnosis.resetReason.cause} (${diagnosis.resetReason.detail})`]);
  return rows;
}
