/** The BL602/BL702 write job: plan from the file and the chip's layout, backup, write by SHA-256-checked blocks. */
import { ChipError } from '../flash/bouffalo/error-codes.js';
import { NoReplyError, ProtocolError } from '../flash/bouffalo/errors.js';
import { chipLayout, planWrite, type WriteKind } from '../flash/bouffalo/write-plan.js';
import type { BouffaloClient } from '../flash/bouffalo/client.js';
import { bouffaloDevice, chipName, type BouffaloTarget } from './bouffalo-device.js';
import { inspectImage } from '../formats/inspect.js';
import { checkRestorable } from './beken-write.js';
import { hex, JobError, rate } from './job-error.js';
import { withProgress, type WriteEnvironment } from './ports.js';
import { armJourney, finishJourney, startJourney, type WriteRequest } from './write-journey.js';

export interface BouffaloWriteRequest extends WriteRequest {
  offset?: number;
}

export interface BouffaloWriteResult {
  file: string;
  kind: WriteKind;
  chip: string;
  address: number;
  length: number;
  backup: string | null;
  bytesWritten: number;
  bytesSkipped: number;
  verified: true;
  seconds: number;
  bytesPerSecond: number;
  recoveries: number;
}

/** The chip's layout (partition table, FW slot header) from its first 64 KiB. */
export async function readChipLayout(client: BouffaloClient, flashSize: number) {
  const head = await client.readFlash(0, 0x10000);
  const headerAt = new Map<number, Uint8Array>();
  const probe = chipLayout(flashSize, head, () => null);
  if (probe.firmware && probe.firmware.offset + 176 <= flashSize) headerAt.set(probe.firmware.offset, await client.readFlash(probe.firmware.offset, 176));
  return chipLayout(flashSize, head, (offset) => headerAt.get(offset) ?? null);
}

/** Link and chip failures that leave a write half done (as opposed to refusals and setup errors). */
export function isLinkFailure(error: unknown): error is Error {
  return error instanceof NoReplyError || error instanceof ChipError || error instanceof ProtocolError || (error instanceof Error && error.name === 'TransportClosedError');
}

export async function bouffaloWrite(request: BouffaloWriteRequest, open: () => Promise<BouffaloTarget>, env: WriteEnvironment): Promise<BouffaloWriteResult> {
  const { file, data } = request;
  if (request.restore) {
    const report = inspectImage(data);
    checkRestorable(file, report.kind, report.vendor === 'bouffalo' && report.kind === 'full-dump');
  }
  const journey = await startJourney(request, env);
  const session = await open();
  try {
    const { client } = session;
    const layout = await readChipLayout(client, session.info.flashSize);
    const plan = planWrite(data, file, layout, request.offset);
    if (request.restore) checkRestorable(file, plan.kind, plan.kind === 'whole-flash');
    env.say(`${file}: ${plan.description}`);
    const { backup } = await armJourney(journey, request, bouffaloDevice(session), { address: plan.address, length: plan.data.length }, env);
    const started = Date.now();
    let confirmed = 0;
    const stats = await withProgress(env, 'write', (progress) =>
      client.writeFlash(plan.address, plan.data, (done, total) => {
        confirmed = done;
        progress.update(done, total);
      }),
    ).catch((error: unknown) => {
      if (isLinkFailure(error)) {
        throw new JobError(
          `the write stopped after ${hex(plan.address + confirmed)} (${error.message}); the flash is only partly written, so do not reboot the device: run the same command with --resume to finish, blocks already written are skipped${backup ? ` (backup: ${backup})` : ''}`,
          'device',
        );
      }
      throw error;
    });
    const seconds = (Date.now() - started) / 1000;
    await finishJourney(env);
    return { file, kind: plan.kind, chip: chipName(session), address: plan.address, length: plan.data.length, backup, bytesWritten: stats.written, bytesSkipped: stats.skipped, verified: true, seconds, bytesPerSecond: rate(plan.data.length, started), recoveries: client.recoveries };
  } finally {
    await session.close();
  }
}
