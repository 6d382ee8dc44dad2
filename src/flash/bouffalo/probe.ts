import { sha256Of } from '../../formats/bytes.js';
import type { ChipProbe } from '../gate-check.js';
import { VERIFY_BLOCK, type BouffaloClient } from './client.js';

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Start addresses of the 64 KiB blocks whose SHA-256 on the chip differs from `data` placed at `address`. */
export async function differingBlocks(client: BouffaloClient, address: number, data: Uint8Array, progress?: (done: number, total: number) => void): Promise<number[]> {
  const differing: number[] = [];
  for (let start = 0; start < data.length; start += VERIFY_BLOCK) {
    const block = data.subarray(start, start + VERIFY_BLOCK);
    if (!same(await client.flashSha256(address + start, block.length), sha256Of(block))) differing.push(address + start);
    progress?.(start + block.length, data.length);
  }
  return differing;
}

/** The gate's probe on a connected BL602/BL702: reads, and comparisons by the chip's SHA-256. */
export function bouffaloProbe(client: BouffaloClient): ChipProbe {
  return {
    read: (offset, length) => client.readFlash(offset, length),
    holds: async (offset, data) => (await differingBlocks(client, offset, data)).length === 0,
  };
}
