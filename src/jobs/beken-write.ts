/** The Beken write job: plan from the file's kind, backup, journal, differential write, CRC check. */
import { SECTOR_SIZE } from '../flash/beken/families.js';
import { TransferInterruptedError, verifyRange, writeRange, type WriteStats } from '../flash/beken/operations.js';
import { bytesEqual } from '../formats/bytes.js';
import { runs } from './backup.js';
import { unprotectFlash } from '../flash/beken/session.js';
import { bekenProbe } from '../flash/beken/probe.js';
import { checkWrite } from '../flash/gate-check.js';
import { bekenGateChip, gateOptionsFrom, type GateOptions } from '../flash/gate/index.js';
import { inspectImage } from '../formats/inspect.js';
import { bekenDevice, type BekenSession } from './beken-device.js';
import { rememberingProbe } from './known-probe.js';
import { hex, JobError, rate } from './job-error.js';
import { withProgress, type ProgressSink, type WriteEnvironment } from './ports.js';
import { armJourney, finishJourney, startJourney, type WriteRequest } from './write-journey.js';

export interface BekenWriteRequest extends WriteRequest, GateOptions {}

export interface BekenWriteResult {
  file: string;
  kind: string;
  family: string;
  /** Where the file went in flash. */
  offset: number;
  length: number;
  backup: string | null;
  /** Bytes the chip wrote, erased, and already held (a 4 KiB sector each time). */
  bytesWritten: number;
  bytesErased: number;
  bytesSkipped: number;
  retries: number;
  verified: true;
  seconds: number;
  bytesPerSecond: number;
  /** The rate the transfer ended at (lower than asked when it stepped down). */
  baudRate: number;
  notes: string[];
  /** Restore only: the sectors below 0x11000 (the bootloader) that still differ from the backup. */
  bootloaderDiffers?: number[];
}

/** A restore takes a whole-flash backup, nothing less. */
export function checkRestorable(file: string, kind: string, wholeFlash: boolean): void {
  if (!wholeFlash) throw new JobError(`${file}: a restore needs a whole-flash backup, but this is a ${kind} file; write it with fwkit flash write`, 'badInput');
}

/**
 * The write when a backup has just read the flash: the sectors to write are known from it, so only
 * those go to the chip (each still compared, erased, written and checked by CRC there).
 */
async function writeDiffering(session: BekenSession, address: number, data: Uint8Array, flash: Uint8Array, progress: ProgressSink, written: Array<[number, number]>): Promise<WriteStats> {
  const stats: WriteStats = { sectorsWritten: 0, sectorsErased: 0, sectorsSkipped: 0, retries: 0 };
  const differing: number[] = [];
  for (let at = 0; at < data.length; at += SECTOR_SIZE) {
    if (bytesEqual(data.subarray(at, at + SECTOR_SIZE), flash.subarray(address + at, address + at + SECTOR_SIZE))) stats.sectorsSkipped++;
    else differing.push(address + at);
  }
  let done = stats.sectorsSkipped * SECTOR_SIZE;
  for (const [from, to] of runs(differing, SECTOR_SIZE)) {
    written.push([from, to]);
    const part = await writeRange(session, from, data.subarray(from - address, to - address));
    for (const key of Object.keys(stats) as Array<keyof WriteStats>) stats[key] += part[key];
    done += to - from;
    progress.update(done, data.length);
  }
  return stats;
}

export async function bekenWrite(request: BekenWriteRequest, open: () => Promise<BekenSession>, env: WriteEnvironment): Promise<BekenWriteResult> {
  const { file, data } = request;
  const report = inspectImage(data);
  if (request.restore) checkRestorable(file, report.kind, report.kind === 'full-dump');
  const journey = await startJourney(request, env);
  const session = await open();
  try {
    const chip = bekenGateChip(session.info.family, session.info.flashSize);
    const plan = await checkWrite({ file, data, report, chip, options: gateOptionsFrom(request) }, rememberingProbe(bekenProbe(session), bekenDevice(session), env.backups));
    for (const note of plan.notes) env.say(`note: ${note}`);
    const armed = await armJourney(journey, request, bekenDevice(session), { address: plan.address, length: plan.data.length }, env);

    await unprotectFlash(session.client, session.info);
    const started = Date.now();
    const { backup } = armed;
    const known = armed.backupResult?.image;
    // what the final check covers: the whole range, or (when the backup just compared the rest) the sectors written
    const checked: Array<[number, number]> = known ? [] : [[plan.address, plan.address + plan.data.length]];
    const stats = await withProgress(env, 'write', (progress) =>
      known ? writeDiffering(session, plan.address, plan.data, known, progress, checked) : writeRange(session, plan.address, plan.data, (done, total) => progress.update(done, total)),
    ).catch((error: unknown) => {
      if (error instanceof TransferInterruptedError) {
        throw new JobError(
          `the write stopped at ${hex(error.address)} (${error.cause.message}); the flash is only partly written and the device may not boot: keep it connected (reset it into download mode if it stopped answering) and run the same command with --resume to finish${backup ? ` (backup: ${backup})` : ''}`,
          'device',
        );
      }
      throw error;
    });
    const seconds = (Date.now() - started) / 1000;
    const mismatched: number[] = [];
    for (const [from, to] of checked) mismatched.push(...(await verifyRange(session, from, plan.data.subarray(from - plan.address, to - plan.address))));
    if (mismatched.length) {
      throw new JobError(`the final check found ${mismatched.length} sectors differing from the file (first at ${hex(mismatched[0]!)}); run the same command with --resume`, 'device');
    }
    // a restore is done when the whole flash is the backup: say so when the bootloader part was kept
    const bootloaderDiffers = request.restore && plan.address > 0 ? await verifyRange(session, 0, data.subarray(0, plan.address)) : undefined;
    await finishJourney(env, armed, plan);
    return {
      file,
      kind: report.kind,
      family: session.info.family,
      offset: plan.address,
      length: plan.data.length,
      backup,
      bytesWritten: stats.sectorsWritten * SECTOR_SIZE,
      bytesErased: stats.sectorsErased * SECTOR_SIZE,
      bytesSkipped: stats.sectorsSkipped * SECTOR_SIZE,
      retries: stats.retries,
      verified: true,       seconds,
      bytesPerSecond: rate(plan.data.length, started),
      baudRate: session.info.baudRate,
      notes: plan.notes,
      bootloaderDiffers,
    };
  } finally {
    await session.close();
  }
}
