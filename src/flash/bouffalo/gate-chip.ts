import { bouffaloGateChip, chipLayout, type GateChip } from '../gate/index.js';
import type { BouffaloClient } from './client.js';

/** The chip as the gate sees it: family, flash size, and its layout (partition table, FW slot header) from its first 64 KiB. */
export async function readBouffaloGateChip(client: BouffaloClient, chip: string, flashSize: number): Promise<GateChip> {
  const head = await client.readFlash(0, 0x10000);
  const headerAt = new Map<number, Uint8Array>();
  const probe = chipLayout(flashSize, head, () => null);
  // 256 bytes: a BL616/BL618 header is that long, a BL602/BL702 one takes the first 176
  if (probe.firmware && probe.firmware.offset + 256 <= flashSize) headerAt.set(probe.firmware.offset, await client.readFlash(probe.firmware.offset, 256));
  return bouffaloGateChip(chip, flashSize, chipLayout(flashSize, head, (offset) => headerAt.get(offset) ?? null));
}
