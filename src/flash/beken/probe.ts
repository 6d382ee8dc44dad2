import type { ChipProbe } from '../gate-check.js';
import { readRange, verifyRange, type FlashTarget } from './operations.js';

/** The gate's probe on a linked Beken chip: block reads, and comparisons by the chip's CRC. */
export function bekenProbe(target: FlashTarget): ChipProbe {
  return {
    read: async (offset, length) => {
      const out = new Uint8Array(length);
      await readRange(target, offset, offset + length, (at, data) => out.set(data, at - offset));
      return out;
    },
    holds: async (offset, data) => (await verifyRange(target, offset, data)).length === 0,
  };
}
