/**
 * Running the gate against a connected chip: read what it asks for (identity sectors, a bootloader
 * comparison by the chip's own checksum) through a probe each vendor's session provides, then decide.
 */
import { evidenceWanted, gateWrite, type GatePlan, type GateRequest } from './gate/index.js';

export interface ChipProbe {
  read(offset: number, length: number): Promise<Uint8Array>;
  /** True when the chip holds exactly `data` at `offset`, by its own checksum (no read-out). */
  holds(offset: number, data: Uint8Array): Promise<boolean>;
}

/** The plan for a write, or the gate's refusal; reads nothing when the gate refuses from the file alone. */
export async function checkWrite(request: GateRequest, probe: ChipProbe): Promise<GatePlan> {
  const wanted = evidenceWanted(request);
  const regions: Array<{ offset: number; data: Uint8Array }> = [];
  for (const range of wanted.identity) regions.push({ offset: range.offset, data: await probe.read(range.offset, range.length) });
  const bootloaderDiffers = wanted.bootloader ? !(await probe.holds(wanted.bootloader.offset, wanted.bootloader.data)) : undefined;
  return gateWrite(request, { regions, bootloaderDiffers });
}
