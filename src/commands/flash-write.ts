/** `fwkit flash write`: backup first, then a differential, CRC-verified write that can be resumed. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { inspectImage } from '../formats/inspect.js';
import { readRange, TransferInterruptedError, verifyRange, writeRange } from '../flash/beken/operations.js';
import { unprotectFlash } from '../flash/beken/session.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, writeFileAtomic } from './files.js';
import { hex, openSession, rate, type ConnectArgs, type Session } from './flash-connect.js';
import { checkWrite } from '../flash/gate-check.js';
import { bekenGateChip } from '../flash/gate/index.js';
import { bekenProbe } from '../flash/beken/probe.js';
import { gateOptions, type GateArgs } from './flash-gate-options.js';
import { transferProgress } from './progress.js';
import { printJson } from './run.js';
import { deviceError } from './serial-errors.js';

export interface WriteArgs extends ConnectArgs, GateArgs {
  file: string;
  backup: boolean;
  backupDir: string;
  resume?: boolean;
}

interface Journal {
  file: string;
  sha256: string;
  family: string;
  address: number;
  length: number;
  backup: string | null;
}

function journalPath(dir: string): string {
  return join(dir, 'pending-write.json');
}

/** A file-name-safe UTC time for backup names. */
export function stamp(): string {
  return new Date().toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
}

async function backupFlash(session: Session, dir: string, quiet: boolean): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${session.info.family}_${stamp()}.bin`);
  const image = new Uint8Array(session.info.flashSize);
  const progress = transferProgress('backup', quiet);
  try {
    await readRange(session, 0, image.length, (at, data) => image.set(data, at), (done, total) => progress.update(done, total));
  } catch (error) {
    if (error instanceof TransferInterruptedError) {
      throw new UserError(`the backup read stopped at ${hex(error.address)} (${error.cause.message}); nothing was written to the flash: run the command again`, ExitCode.device);
    }
    throw error;
  } finally {
    progress.stop();
  }
  writeFileAtomic(path, image);
  return path;
}

export async function flashWrite(args: WriteArgs, say: (line: string) => void): Promise<number> {
  const data = readInputFile(args.file);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const report = inspectImage(data);
  const journalFile = journalPath(args.backupDir);
  const journal: Journal | null = existsSync(journalFile) ? (JSON.parse(readFileSync(journalFile, 'utf8')) as Journal) : null;
  if (args.resume && (!journal || journal.sha256 !== sha256)) {
    throw new UserError(`${args.file}: there is no interrupted write of this file to resume (${journalFile} ${journal ? 'is for another file' : 'does not exist'})`, ExitCode.refused);
  }
  if (!args.resume && journal) {
    throw new UserError(`a write of ${journal.file} to a ${journal.family} was interrupted; finish it with --resume (its backup: ${journal.backup ?? 'none'}) or delete ${journalFile}`, ExitCode.refused);
  }
  const session = await openSession(args, say);
  try {
    const chip = bekenGateChip(session.info.family, session.info.flashSize);
    const plan = await checkWrite({ file: args.file, data, report, chip, options: gateOptions(args) }, bekenProbe(session));
    if (journal && journal.family !== session.info.family) {
      throw new UserError(`the interrupted write was to a ${journal.family}, but this chip is a ${session.info.family}; connect the same device`, ExitCode.refused);
    }
    for (const note of plan.notes) say(`note: ${note}`);
    const backup = args.resume ? (journal?.backup ?? null) : args.backup ? await backupFlash(session, args.backupDir, !!args.json) : null;
    if (backup && !args.resume) say(`backup of the whole flash saved to ${backup}`);
    const record: Journal = { file: args.file, sha256, family: session.info.family, address: plan.address, length: plan.data.length, backup };
    mkdirSync(args.backupDir, { recursive: true });
    writeFileAtomic(journalFile, JSON.stringify(record, null, 2), { overwrite: true });

    await unprotectFlash(session.client, session.info);
    const progress = transferProgress('write', !!args.json);
    const started = Date.now();
    let stats;
    try {
      stats = await writeRange(session, plan.address, plan.data, (done, total) => progress.update(done, total));
    } catch (error) {
      if (error instanceof TransferInterruptedError) {
        throw new UserError(
          `the write stopped at ${hex(error.address)} (${error.cause.message}); the flash is only partly written and the device may not boot: keep it connected (reset it into download mode if it stopped answering) and run the same command with --resume to finish${backup ? ` (backup: ${backup})` : ''}`,
          ExitCode.device,
        );
      }
      throw error;
    } finally {
      progress.stop();
    }
    const seconds = (Date.now() - started) / 1000;
    const mismatched = await verifyRange(session, plan.address, plan.data);
    if (mismatched.length) {
      throw new UserError(`the final check found ${mismatched.length} sectors differing from the file (first at ${hex(mismatched[0]!)}); run the same command with --resume`, ExitCode.device);
    }
    unlinkSync(journalFile);
    const summary = { file: args.file, kind: report.kind, family: session.info.family, address: plan.address, length: plan.data.length, backup, ...stats, verified: true, seconds, bytesPerSecond: rate(plan.data.length, started), notes: plan.notes };
    if (args.json) printJson(summary);
    else {
      process.stdout.write(
        `wrote ${args.file} (${report.kind}) at ${hex(plan.address)} to the ${session.info.family}: ${stats.sectorsWritten} sectors written, ${stats.sectorsErased} erased, ${stats.sectorsSkipped} already identical; verified by CRC\n`,
      );
    }
    return ExitCode.ok;
  } catch (error) {
    throw deviceError(error);
  } finally {
    await session.close();
  }
}
