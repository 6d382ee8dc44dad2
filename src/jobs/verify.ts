/** The verify jobs: the chip compared with a file, placed as a write would place it, by the chip's own digest. */
import { verifyRange } from '../flash/beken/operations.js';
import { differingBlocks } from '../flash/bouffalo/probe.js';
import { VERIFY_BLOCK } from '../flash/bouffalo/client.js';
import { SECTOR_SIZE } from '../flash/beken/families.js';
import { readBouffaloGateChip } from '../flash/bouffalo/gate-chip.js';
import { bekenGateChip, gateOptionsFrom, placeForVerify, type GateOptions, type GatePlan } from '../flash/gate/index.js';
import { inspectImage } from '../formats/inspect.js';
import type { BekenSession } from './beken-device.js';
import { chipName, type BouffaloTarget } from './bouffalo-device.js';
import { hex } from './job-error.js';
import { withProgress, type JobHooks } from './ports.js';

export interface VerifyRequest extends GateOptions {
  file: string;
  data: Uint8Array;
}

export interface Compared {
  family: string;
  plan: GatePlan;
  /** What was compared, in words: "a UA image (the app partition) at 0x11000 (0x11000-0x129FFF)". */
  compared: string;
}

function compared(family: string, plan: GatePlan, hooks: JobHooks): Compared {
  for (const note of plan.notes) hooks.say(`note: ${note}`);
  return { family, plan, compared: `${plan.description} (${hex(plan.address)}-${hex(plan.address + plan.data.length - 1)})` };
}

/** A verify's answer: the start of each unit of `sectorSize` bytes whose digest differs from the file's. */
export interface Verified extends Compared {
  differingSectors: number[];
  sectorSize: number;
}

/** Beken: the 4 KiB sectors that differ (CRC-32 per 64 KiB block, then per sector). */
export async function bekenVerify(request: VerifyRequest, session: BekenSession, hooks: JobHooks): Promise<Verified> {
  const chip = bekenGateChip(session.info.family, session.info.flashSize);
  const { plan, compared: what } = compared(session.info.family, placeForVerify({ file: request.file, data: request.data, report: inspectImage(request.data), chip, options: gateOptionsFrom(request) }), hooks);
  const differingSectors = await withProgress(hooks, 'verify', (progress) => verifyRange(session, plan.address, plan.data, (done, total) => progress.update(done, total)));
  return { family: session.info.family, plan, compared: what, differingSectors, sectorSize: SECTOR_SIZE };
}

/** Bouffalo: the 64 KiB blocks whose chip SHA-256 differs. */
export async function bouffaloVerify(request: VerifyRequest, session: BouffaloTarget, hooks: JobHooks): Promise<Verified> {
  const chip = await readBouffaloGateChip(session.client, session.info.chip, session.info.flashSize);
  const { plan, compared: what } = compared(chipName(session), placeForVerify({ file: request.file, data: request.data, report: inspectImage(request.data), chip, options: gateOptionsFrom(request) }), hooks);
  const blocks = await withProgress(hooks, 'verify', (progress) => differingBlocks(session.client, plan.address, plan.data, (done, total) => progress.update(done, total)));
  return { family: chipName(session), plan, compared: what, differingSectors: blocks, sectorSize: VERIFY_BLOCK };
}
