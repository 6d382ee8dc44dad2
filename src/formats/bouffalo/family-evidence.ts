import { weigh, type FamilyDecision, type FamilyEvidence } from '../family-evidence.js';
import { flagsOf, isBl616, type AnyBootHeader } from './boot-header.js';

/** Bouffalo chips fwkit reads; BL616 files are identified and inspected, not flashed. */
const BOUFFALO_FAMILIES = ['BL602', 'BL702', 'BL616'];

/** BL602 xtal_type indexes: 3 (38.4 MHz), 4 (40 MHz), 5 (26 MHz) and 6 (RC 32 MHz) do not exist on a BL702 (0 none, 1 32 MHz, 2 RC). */
const BL602_ONLY_CRYSTALS: Record<number, string> = { 3: '38.4 MHz', 4: '40 MHz', 5: '26 MHz', 6: 'RC 32 MHz' };

export type BouffaloImageKind = 'bl-boot2' | 'bl-mfg' | 'bl-ram-image' | 'bl-mcu-image' | 'bl-firmware';

const latin1 = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

/** What a header-led file is, from its header and its code's own strings. */
export function bouffaloImageKind(code: Uint8Array, ramImage: boolean, imageOffset: number): BouffaloImageKind {
  if (ramImage) return 'bl-ram-image';
  const text = latin1(code);
  if (/Boot2 start|Boot2 ISP|BLSP_Boot2/.test(text)) return 'bl-boot2';
  if (/\[mfg fw\]|mfg task is running|mfgmode/.test(text)) return 'bl-mfg';
  return imageOffset === 0x1000 ? 'bl-firmware' : 'bl-mcu-image';
}

/** The chip a boot header and its code point to: BL616's own header, BL702's extra words and boot2 bit, BL602's crystals, strings. */
export function bouffaloEvidence(header: AnyBootHeader, code: Uint8Array): FamilyEvidence[] {
  const out: FamilyEvidence[] = [];
  if (isBl616(header)) out.push({ signal: 'boot header layout', value: '256-byte BL616/BL618 header', fits: ['BL616'], weight: 8 });
  else {
    const [a, b] = header.partitionTableAddresses;
    if (a || b) out.push({ signal: 'header words 164/168', value: `0x${a.toString(16)}/0x${b.toString(16)} (partition table addresses)`, fits: ['BL702'], weight: 6 });
    if (flagsOf(header).boot2Enable) out.push({ signal: 'boot configuration bit 19', value: 'boot2 in ROM', fits: ['BL702'], weight: 4 });
    const crystal = BL602_ONLY_CRYSTALS[header.clock.xtalType];
    if (crystal) out.push({ signal: 'clock configuration', value: `crystal ${crystal}`, fits: ['BL602'], weight: 4 });
    else if (header.clock.xtalType === 1 || header.clock.xtalType === 2) out.push({ signal: 'clock configuration', value: `crystal type ${header.clock.xtalType}`, fits: ['BL602', 'BL702'], weight: 1 });
  }
  const text = latin1(code);
  for (const chip of BOUFFALO_FAMILIES) {
    const m = new RegExp(`\\b${chip.toLowerCase()}[a-z_]*|${chip}`).exec(text);
    if (m) out.push({ signal: 'code string', value: m[0], fits: [chip], weight: 6 });
  }
  return out;
}

export function decideBouffaloFamily(header: AnyBootHeader, code: Uint8Array): FamilyDecision {
  return weigh(bouffaloEvidence(header, code), BOUFFALO_FAMILIES, 4);
}
