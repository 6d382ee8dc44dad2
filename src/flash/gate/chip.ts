import { familyTraits, type BekenFamily } from '../beken/families.js';
import type { BouffaloChipLayout, GateChip } from './types.js';

/** The gate's view of an identified Beken chip. */
export function bekenGateChip(family: BekenFamily, flashSize: number): GateChip {
  return { vendor: 'beken', family, flashSize, bootloaderWritable: !familyTraits(family).guardsBootloader };
}

/** The gate's view of an identified BL602/BL702 (boot2 sits in flash and may be rewritten over UART). */
export function bouffaloGateChip(chip: string, flashSize: number, layout: BouffaloChipLayout | null): GateChip {
  return { vendor: 'bouffalo', family: chip.toUpperCase(), flashSize, bootloaderWritable: true, layout };
}
