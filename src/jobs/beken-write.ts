/** The Beken write job: plan from the file's kind, backup, journal, differential write, CRC check. */
import { TransferInterruptedError, verifyRange, writeRange } from '../flash/beken/operations.js';
import { unprotectFlash } from '../flash/beken/session.js';
import { planWrite } from '../flash/beken/write-plan.js';
import { inspectImage } from '../formats/inspect.js';
import { bekenDevice, type BekenSession } from './beken-device.js';
import { hex, JobError, rate } from './job-error.js';
import { withProgress, type WriteEnvironment } from './ports.js';
import { armJourney, finishJourney, startJourney, type WriteRequest } from './write-journey.js';

export interface BekenWriteRequest extends WriteRequest {
  offset?: number;
  overwriteBootloader?: boolean;
}

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
}

export async function bekenWrite(request: BekenWriteRequest, open: () => Promise<BekenSession>, env: WriteEnvironment): Promise<BekenWriteResult> {
  const { file, data } = request;
  const report = inspectImage(data);
  const journey = await startJourney(request, env);
  const session = await open();
  try {
    const plan = planWrite(file, data, report, session.info, { offset: request.offset, overwriteBootloader: request.overwriteBootloader });
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
    await finishJourney(env);
    return { file, kind: report.kind, family: session.info.family, address: plan.address, length: plan.data.length, backup, ...stats, verified: true, seconds, bytesPerSecond: rate(plan.data.length, started), notes: plan.notes };
  } finally {
    await session.close();
  }
}
