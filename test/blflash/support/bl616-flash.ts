import { readFileSync } from 'node:fs';
import { decodeBl616Header, encodeBl616Header, sealBl616Header } from '../../../src/formats/bouffalo/bl616-header.js';
import { encodePartitionTable } from '../../../src/formats/bouffalo/partition-table.js';
import { sha256Of } from '../../../src/formats/bytes.js';
import { corpusPath } from '../../support/paths.js';
import { patternFlash } from './session.js';

/** A real BL616 image from Bouffalo's SDK (256-byte header, image 4 KiB after it): the corpus' mfg firmware. */
export const BL616_FIRMWARE = corpusPath('more', 'bl616_mfg_gu_v2.50.bin');

export const FW_SLOT = 0x10000;

/**
 * A 2 MiB BL616 flash laid out as the SDK does (bouffalo.md §1.3): boot2 with a 256-byte header at 0 and
 * its code at 0x2000, both partition-table copies at 0xE000/0xF000, the FW slot at 0x10000 (erased, or
 * holding `firmware`), the rest erased. The boot2 header is the real image's, re-sealed over dummy code.
 */
export function bl616Flash(firmware: Uint8Array | null = null): Uint8Array {
  const flash = new Uint8Array(2 << 20).fill(0xff);
  const real = new Uint8Array(readFileSync(BL616_FIRMWARE));
  const code = patternFlash(0x3000, 11);
  const header = sealBl616Header({ ...decodeBl616Header(real), imageStart: 0x2000, imageLength: code.length, hash: sha256Of(code) });
  flash.set(encodeBl616Header(header));
  flash.set(code, 0x2000);
  const table = encodePartitionTable({
    version: 0,
    age: 1,
    entries: [
      { type: 0, device: 0, activeIndex: 0, name: 'FW', address: [FW_SLOT, 0], maxLength: [0x100000, 0], length: 0, age: 0 },
      { type: 3, device: 0, activeIndex: 0, name: 'PSM', address: [0x1f0000, 0], maxLength: [0x8000, 0], length: 0, age: 0 },
    ],
  });
  flash.set(table, 0xe000);
  flash.set(table, 0xf000);
  if (firmware) flash.set(firmware, FW_SLOT);
  return flash;
}
