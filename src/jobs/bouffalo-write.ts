/** The BL602/BL702 write job: plan from the file and the chip's layout, backup, write by SHA-256-checked blocks. */
import { ChipError } from '../flash/bouffalo/error-codes.js';
import { NoReplyError, ProtocolError } from '../flash/bouffalo/errors.js';
import { bouffaloProbe } from '../flash/bouffalo/probe.js';
import { readBouffaloGateChip } from '../flash/bouffalo/gate-chip.js';
import { checkWrite } from '../flash/gate-check.js';
import { gateOptionsFrom, type GateOptions } from '../flash/gate/index.js';
import { bouffaloDevice, chipName, type BouffaloTarget } from './bouffalo-device.js';
import { inspectImage } from '../formats/inspect.js';
import { checkRestorable } from './beken-write.js';
import { hex, JobError, rate } from './job-error.js';
import { withProgress, type WriteEnvironment } from './ports.js';
import { rememberingProbe } from './known-probe.js';
import { armJourney, finishJourney, startJourney, type WriteRequest } from './write-journey.js';

export interface BouffaloWriteRequest extends WriteRequest, GateOptions {}

export interface BouffaloWriteResult {
  file: string;
  /** whole-flash, firmware, boot2, raw-firmware or at-address. */
  kind: string;
  family: string;
  /** Where the file went in flash. */
  offset: number;
  length: number;
  backup: string | null;
  bytesWritten: number;
  bytesSkipped: number;
  /** Line faults recovered by resync and retry. */
  retries: number;
  verified: true;
  seconds: number;
  bytesPerSecond: number;
  baudRate: number;
  notes: string[];
}

/** Link and chip failures that leave a write half done (as opposed to refusals and setup errors). */
export function isLinkFailure(error: unknown): error is Error {
  return error instanceof NoReplyError || error instanceof ChipError || error instanceof ProtocolError || (error instanceof Error && error.name === 'TransportClosedError');
}

export async function bouffaloWrite(request: BouffaloWriteRequest, open: () => Promise<BouffaloTarget>, env: WriteEnvironment): Promise<BouffaloWriteResult> {
  const { file, data } = request;
  const report = inspectImage(data);
  if (request.restore) checkRestorable(file, report.kind, report.vendor === 'bouffalo' && report.kind === 'full-dump');
  const journey = await startJourney(request, env);
  const session = await open();
  try {
    const { client } = session;
    const chip = await readBouffaloGateChip(client, session.info.chip, session.info.flashSize);
    const plan = await checkWrite({ file, data, report, chip, options: gateOptionsFrom(request) }, rememberingProbe(bouffaloProbe(client), bouffaloDevice(session), env.backups));
    if (request.restore) checkRestorable(file, plan.kind, plan.kind === 'whole-flash');
    env.say(`${file}: ${plan.description}`);
    for (const note of plan.notes) env.say(`note: ${note}`);
    const armed = await armJourney(journey, request, bouffaloDevice(session), { address: plan.address, length: plan.data.length }, env);
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
          `the write stopped after ${hex(plan.address + confirmed)} (${error.message}); the flash is only partly written, so do not reboot the device: run the same command with --resume to finish, blocks already written are skipped${armed.backup ? ` (backup: ${armed.backup})` : ''}`,
          'device',
        );
      }
      throw error;
    });
    const seconds = (Date.now() - started) / 1000;
    await finishJourney(env, armed, plan);
    return {
      file,
      kind: plan.kind,
      family: chipName(session),
      offset: plan.address,
      length: plan.data.length,
      backup: armed.backup,
      bytesWritten: stats.written,
      bytesSkipped: stats.skipped,
      retries: client.recoveries,
      verified: true,
      seconds,
      bytesPerSecond: rate(plan.data.length, started),
      baudRate: session.baudRate,
      notes: plan.notes,
    };
  } finally {
    await session.close();
  }
}
