/**
 * The write gate: every write, erase and verify of every chip passes here. Pure (no I/O): the caller
 * inspects the file, identifies the chip, reads what evidenceWanted asks for, and acts on the plan.
 *
 *   const wanted = evidenceWanted(request);      // refuses early, before anything is read
 *   const plan = gateWrite(request, evidence);   // the chip's bytes at wanted.identity, its bootloader compared
 */
import { BOOTLOADER_END } from '../beken/families.js';
import { identityDifferences, identityOf, identityRegions, type IdentityRegion } from './identity.js';
import { checkRange } from './numbers.js';
import { place, type Placement } from './place.js';
import { GateRefused, hex, refuseUnless } from './refusal.js';
import type { ChipEvidence, EvidenceWanted, GateChip, GateOptions, GatePlan, GateRequest } from './types.js';

export { GateRefused } from './refusal.js';
export { checkAddress, checkRange } from './numbers.js';
export { chipLayout, wrapRawFirmware } from './bouffalo.js';
export { bekenGateChip, bouffaloGateChip } from './chip.js';
export type * from './types.js';

/** The file's identity sectors inside what the placement writes (a full dump or restore image at its place). */
function writtenIdentity(request: GateRequest, placed: Placement): IdentityRegion[] {
  const { content } = placed;
  if (!placed.atHome || content.home === null || !content.holdsFirmware) return [];
  const end = placed.address + placed.data.length;
  return identityRegions(content.data, content.home, request.chip.vendor).filter((r) => r.offset >= placed.address && r.offset + r.length <= end);
}

/** What to read from the chip before gateWrite can decide; throws the refusals that need no reading. */
export function evidenceWanted(request: GateRequest): EvidenceWanted {
  const placed = place(request, 'write');
  const identity = writtenIdentity(request, placed).map(({ offset, length }) => ({ offset, length }));
  // a bootloader the chip guards cannot be compared, nor written: it stays whatever it is
  const bootloader = request.chip.bootloaderWritable ? placed.keptBootloader : null;
  return { identity, bootloader };
}

/** The one write the rules allow, or a GateRefused naming the flag that would allow it. */
export function gateWrite(request: GateRequest, evidence: ChipEvidence = { regions: [] }): GatePlan {
  const { file, chip, options } = request;
  const placed = place(request, 'write');
  const notes = [...placed.notes];
  if (placed.keptBootloader && evidence.bootloaderDiffers) {
    const { offset, data } = placed.keptBootloader;
    throw refuseUnless(
      '--overwrite-bootloader',
      `the ${chip.family}'s bootloader region (${hex(offset)}-${hex(offset + data.length - 1)}) differs from the one in ${file}: writing the rest alone would leave the chip's bootloader as it is and report success`,
    );
  }
  let data = placed.data;
  const regions = writtenIdentity(request, placed);
  if (regions.length) {
    const fileBytes = (r: IdentityRegion) => placed.content.data.subarray(r.offset - placed.content.home!, r.offset - placed.content.home! + r.length);
    const chipBytes = (r: IdentityRegion) => evidence.regions.find((e) => e.offset === r.offset && e.data.length === r.length)?.data ?? null;
    const differences = identityDifferences(identityOf(regions, fileBytes), identityOf(regions, chipBytes));
    if (differences.length && options.keepIdentity) {
      data = data.slice();
      for (const r of regions) {
        const own = chipBytes(r);
        if (own) data.set(own, r.offset - placed.address);
      }
      notes.push(`the chip keeps its own identity (${regions.map((r) => `${r.what === 'rf' ? 'RF calibration' : 'Tuya KV storage'} at ${hex(r.offset)}`).join(', ')})`);
    } else if (differences.length && options.replaceIdentity) {
      notes.push(`the chip takes the identity in ${file} (${differences.join(', ')})`);
    } else if (differences.length) {
      throw new GateRefused(
        `${file} holds another device's identity (${differences.join(', ')}): writing it would give this chip that device's MAC address and cloud keys; pass --keep-identity to write it while keeping the chip's own RF calibration and Tuya keys`,
        'unsafe',
        '--keep-identity',
      );
    }
  }
  return { kind: placed.content.kind, address: placed.address, data, description: `${placed.content.what} at ${hex(placed.address)}`, notes };
}

/** Where `verify` compares: exactly what a write of the file would write (no safety refusals). */
export function placeForVerify(request: GateRequest): GatePlan {
  const placed = place(request, 'verify');
  return { kind: placed.content.kind, address: placed.address, data: placed.data, description: `${placed.content.what} at ${hex(placed.address)}`, notes: placed.notes };
}

export interface EraseRequest {
  chip: GateChip;
  offset?: number;
  length?: number;
  all?: boolean;
  overwriteBootloader?: boolean;
}

/** The range an erase may clear: never the bootloader region unasked, never where it cannot be written. */
export function gateErase({ chip, offset, length, all, overwriteBootloader }: EraseRequest): { offset: number; length: number; notes: string[] } {
  const end = chip.vendor === 'beken' ? BOOTLOADER_END : (chip.layout?.bootEnd ?? 0x10000);
  const notes: string[] = [];
  let start: number;
  let size: number;
  if (all) {
    start = overwriteBootloader ? 0 : end;
    size = chip.flashSize - start;
    if (!overwriteBootloader) notes.push(`the bootloader region (0x0-${hex(end - 1)}) is kept (pass --overwrite-bootloader to erase it too)`);
  } else {
    if (offset === undefined || length === undefined) throw new GateRefused('name a range with --offset and --length, or pass --all', 'usage');
    start = offset;
    size = length;
  }
  checkRange(start, size, chip.flashSize);
  if (start < end) {
    if (!chip.bootloaderWritable) {
      throw new GateRefused(`the range starts at ${hex(start)}, inside the ${chip.family}'s bootloader region (0x0-${hex(end - 1)}), which cannot be written back over UART on this family; no flag allows erasing it`, 'unsafe');
    }
    if (!overwriteBootloader) {
      throw refuseUnless('--overwrite-bootloader', `the range starts at ${hex(start)}, inside the bootloader region (0x0-${hex(end - 1)}); erasing it leaves a device that does not boot`);
    }
    notes.push(`erasing the ${chip.family}'s bootloader region: the device will not boot until a full image is written back`);
  }
  return { offset: start, length: size, notes };
}

/** Only the gate's options out of a larger request or argument object. */
export function gateOptionsFrom(source: GateOptions): GateOptions {
  const { offset, overwriteBootloader, keepIdentity, replaceIdentity, forceFamily, forceDamaged, forceOffset, forceNoFirmware } = source;
  return { offset, overwriteBootloader, keepIdentity, replaceIdentity, forceFamily, forceDamaged, forceOffset, forceNoFirmware };
}
