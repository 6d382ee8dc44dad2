/** The Beken write job: plan from the file's kind, backup, journal, differential write, CRC check. */
import { TransferInterruptedError, verifyRange, writeRange } from '../flash/beken/operations.js';
import { unprotectFlash } from '../flash/beken/session.js';
import { bekenProbe } from '../flash/beken/probe.js';
import { checkWrite } from '../flash/gate-check.js';
import { bekenGateChip, gateOptionsFrom, type GateOptions } from '../flash/gate/index.js';
import { inspectImage } from '../formats/inspect.js';
import { bekenDevice, type BekenSession } from './beken-device.js';
import { hex, JobError, rate } from './job-error.js';
import { withProgress, type WriteEnvironment } from './ports.js';
import { armJourney, finishJourney, startJourney, type WriteRequest } from './write-journey.js';

export interface BekenWriteRequest extends WriteRequest, GateOptions {}

export interface BekenWriteResult {
  file: string;
  kind: string;
  family: string;
  address: number;
  length: number;
  backup: string | null;
  sectorsWritten: number;
  sectorsErased: number;
  sectorsSkipped: number;
  retries: number;
  verified: true;
  seconds: number;
  bytesPerSecond: number;
  notes: string[];
  /** Restore only: the sectors below 0x11000 (the bootloader) that still differ from the backup. */
  bootloaderDiffers?: number[];
}

/** A restore takes a whole-flash backup, nothing less. */
export function checkRestorable(file: string, kind: string, wholeFlash: boolean): void {
  if (!wholeFlash) throw new JobError(`${file}: a restore needs a whole-flash backup, but this is a ${kind} file; write it with fwkit flash write`, 'badInput');
}

export async function bekenWrite(request: BekenWriteRequest, open: () => Promise<BekenSession>, env: WriteEnvironment): Promise<BekenWriteResult> {
  const { file, data } = request;
  const report = inspectImage(data);
  if (request.restore) checkRestorable(file, report.kind, report.kind === 'full-dump');
  const journey = await startJourney(request, env);
  const session = await open();
  try {
    const chip = bekenGateChip(session.info.family, session.info.flashSize);
    const plan = await checkWrite({ file, data, report, chip, options: gateOptionsFrom(request) }, bekenProbe(session));
    for (const note of plan.notes) env.say(`note: ${note}`);
    const { backup } = await armJourney(journey, request, bekenDevice(session), { address: plan.address, length: plan.data.length }, env);

    await unprotectFlash(session.client, session.info);
    const started = Date.now();
    const stats = await withProgress(env, 'write', (progress) => writeRange(session, plan.address, plan.data, (done, total) => progress.update(done, total))).catch((error: unknown) => {
      if (error instanceof TransferInterruptedError) {
        throw new JobError(
          `the write stopped at ${hex(error.address)} (${error.cause.message}); the flash is only partly written and the device may not boot: keep it connected (reset it into download mode if it stopped answering) and run the same command with --resume to finish${backup ? ` (backup: ${backup})` : ''}`,
          'device',
        );
      }
      throw error;
    });
    const seconds = (Date.now() - started) / 1000;
    const mismatched = await verifyRange(session, plan.address, plan.data);
    if (mismatched.length) {
      throw new JobError(`the final check found ${mismatched.length} sectors differing from the file (first at ${hex(mismatched[0]!)}); run the same command with --resume`, 'device');
    }
    // a restore is done when the whole flash is the backup: say so when the bootloader part was kept
    const bootloaderDiffers = request.restore && plan.address > 0 ? await verifyRange(session, 0, data.subarray(0, plan.address)) : undefined;
    await finishJourney(env);
    return { file, kind: report.kind, family: session.info.family, address: plan.address, length: plan.data.length, backup, ...stats, verified: true, seconds, bytesPerSecond: rate(plan.data.length, started), notes: plan.notes, bootloaderDiffers };
  } finally {
    await session.close();
  }
}
