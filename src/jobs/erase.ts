/** The erase jobs: a range made blank, skipping what already is, checked by the chip's digest. */
import { eraseRange, TransferInterruptedError } from '../flash/beken/operations.js';
import { unprotectFlash } from '../flash/beken/session.js';
import { SECTOR_SIZE } from '../flash/beken/families.js';
import { VERIFY_BLOCK } from '../flash/bouffalo/client.js';
import { readBouffaloGateChip } from '../flash/bouffalo/gate-chip.js';
import { bekenGateChip, gateErase } from '../flash/gate/index.js';
import { bytesEqual, sha256Of } from '../formats/bytes.js';
import type { BekenSession } from './beken-device.js';
import { chipName, type BouffaloTarget } from './bouffalo-device.js';
import { hex, JobError } from './job-error.js';
import { withProgress, type JobHooks } from './ports.js';

export interface EraseRequest {
  offset?: number;
  length?: number;
  all?: boolean;
  overwriteBootloader?: boolean;
}

/** Refused before the port opens: an erase names its range. */
export function checkEraseRequest(request: EraseRequest): void {
  if (!request.all && (request.offset === undefined || request.length === undefined)) throw new JobError('name a range with --offset and --length, or pass --all', 'usage');
}

export interface EraseResult {
  family: string;
  offset: number;
  length: number;
  /** The bytes that needed erasing (the rest already was): whole 4 KiB sectors on Beken, 64 KiB blocks on Bouffalo. */
  bytesErased: number;
}

export async function bekenErase(request: EraseRequest, session: BekenSession, hooks: JobHooks): Promise<EraseResult> {
  const { info: chip } = session;
  const { offset, length, notes } = gateErase({ ...request, chip: bekenGateChip(chip.family, chip.flashSize) });
  for (const note of notes) hooks.say(`note: ${note}`);
  await unprotectFlash(session.client, chip);
  try {
    const sectors = await withProgress(hooks, 'erase', (progress) => eraseRange(session, offset, offset + length, (done, total) => progress.update(done, total)));
    return { family: chip.family, offset, length, bytesErased: sectors * SECTOR_SIZE };
  } catch (error) {
    if (error instanceof TransferInterruptedError) {
      throw new JobError(`the erase stopped at ${hex(error.address)} (${error.cause.message}); run the same command again to finish it`, 'device');
    }
    throw error;
  }
}

export async function bouffaloErase(request: EraseRequest, session: BouffaloTarget, hooks: JobHooks): Promise<EraseResult> {
  const { client, info } = session;
  const chip = await readBouffaloGateChip(client, info.chip, info.flashSize);
  // the mask-ROM UART boot always stays available, whatever is erased
  const { offset, length, notes } = gateErase({ ...request, chip });
  for (const note of notes) hooks.say(`note: ${note}`);
  let bytesErased = 0;
  await withProgress(hooks, 'erase', async (progress) => {
    for (let at = offset; at < offset + length; at += VERIFY_BLOCK) {
      const size = Math.min(VERIFY_BLOCK, offset + length - at);
      const blank = sha256Of(new Uint8Array(size).fill(0xff));
      // already blank: nothing to do; otherwise erase and check by the chip's SHA-256
      if (!bytesEqual(await client.flashSha256(at, size), blank)) {
        await client.erase(at, size);
        if (!bytesEqual(await client.flashSha256(at, size), blank)) throw new JobError(`the flash at ${hex(at)} is not blank after erasing; it may be write-protected`, 'device');
        bytesErased += size;
      }
      progress.update(at + size - offset, length);
    }
  });
  return { family: chipName(session), offset, length, bytesErased };
}
