/** `fwkit flash write` on a Beken chip: arguments to the write job, its result to the terminal. */
import { bekenWrite } from '../jobs/beken-write.js';
import type { WriteEnvironment } from '../jobs/ports.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { hex, openSession, type ConnectArgs } from './flash-connect.js';
import { gateOptions, type GateArgs } from './flash-gate-options.js';
import { terminalHooks } from './progress.js';
import { printJson } from './run.js';
import { deviceError } from './serial-errors.js';
import { defaultBackupDir } from './storage/data-dir.js';
import { fileBackupStore, fileJournalStore } from './storage/file-stores.js';

export interface WriteArgs extends ConnectArgs, GateArgs {
  file: string;
  backup: boolean;
  backupDir?: string;
  resume?: boolean;
}

/** Backups and the journal in --backup-dir (default: the user's data folder), progress on the terminal. */
export function writeEnvironment(args: { json?: boolean; backupDir?: string }, say: (line: string) => void): WriteEnvironment {
  const dir = args.backupDir ?? defaultBackupDir();
  return { ...terminalHooks(args.json, say), backups: fileBackupStore(dir), journal: fileJournalStore(dir) };
}

/** 4 KiB sectors in a byte count, for the sentence. */
const sectors = (bytes: number) => bytes / 0x1000;

export async function flashWrite(args: WriteArgs, say: (line: string) => void): Promise<number> {
  const data = readInputFile(args.file);
  try {
    const result = await bekenWrite(
      { ...gateOptions(args), file: args.file, data, backup: args.backup, resume: args.resume },
      () => openSession(args, say),
      writeEnvironment(args, say),
    );
    if (args.json) printJson(result);
    else {
      process.stdout.write(
        `wrote ${args.file} (${result.kind}) at ${hex(result.offset)} to the ${result.family}: ${sectors(result.bytesWritten)} sectors written, ${sectors(result.bytesErased)} erased, ${sectors(result.bytesSkipped)} already identical; verified by CRC at ${result.baudRate} baud\n`,
      );
    }
    return ExitCode.ok;
  } catch (error) {
    throw deviceError(error);
  }
}

/** `fwkit flash restore` on a Beken chip: the write job in restore mode, then the whole flash compared. */
export async function flashRestore(args: WriteArgs, say: (line: string) => void): Promise<number> {
  const data = readInputFile(args.file);
  try {
    const result = await bekenWrite(
      { ...gateOptions(args), file: args.file, data, backup: args.backup, resume: args.resume, restore: true },
      () => openSession(args, say),
      writeEnvironment(args, say),
    );
    const kept = result.bootloaderDiffers ?? [];
    if (args.json) printJson({ ...result, restored: kept.length === 0 });
    else {
      process.stdout.write(
        `restored ${args.file} to the ${result.family} from ${hex(result.offset)}: ${sectors(result.bytesWritten)} sectors written, ${sectors(result.bytesSkipped)} already identical; verified by CRC\n`,
      );
      if (kept.length) {
        process.stdout.write(`the bootloader part (below 0x11000) still differs from the backup in ${kept.length} sectors, first at ${hex(kept[0]!)}: ${result.notes[0] ?? 'it was not written'}\n`);
      } else process.stdout.write('the whole flash now matches the backup\n');
    }
    return kept.length ? ExitCode.negative : ExitCode.ok;
  } catch (error) {
    throw deviceError(error);
  }
}
