/** The flash verbs (info, read, write, erase, verify) for BL602/BL702/BL616, behind `fwkit flash --chip bl602|bl702|bl616|bl`. */
import { bouffaloWrite as writeJob } from '../jobs/bouffalo-write.js';
import { bouffaloErase as eraseJob, checkEraseRequest, type EraseRequest } from '../jobs/erase.js';
import { bouffaloVerify as verifyJob } from '../jobs/verify.js';
import { bouffaloRead as readJob } from '../jobs/read.js';
import { bouffaloInfo as infoJob } from '../jobs/info.js';
import { outputFile, type ReadArgs } from './flash-read.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { writeEnvironment } from './flash-write.js';
import { gateOptions, renderVerify, type GateArgs } from './flash-gate-options.js';
import { bouffaloError, openBouffaloRom, openBouffaloSession, type BouffaloArgs, type BouffaloSession } from './flash-bouffalo-connect.js';
import { hex } from './flash-connect.js';
import { terminalHooks } from './progress.js';
import { keyValueTable } from './render-report.js';
import { printJson } from './run.js';

type Say = (line: string) => void;

/** Runs `body` on an open session and turns Bouffalo failures into one-sentence user errors. */
async function withSession<T>(args: BouffaloArgs, say: Say, body: (session: BouffaloSession) => Promise<T>): Promise<T> {
  const session = await openBouffaloSession(args, say);
  try {
    return await body(session);
  } catch (error) {
    throw bouffaloError(error);
  } finally {
    await session.close();
  }
}

/** `flash info`: the boot ROM alone answers (chip, ROM version, eFuse facts); no eflash_loader is needed. */
export async function bouffaloInfo(args: BouffaloArgs, say: Say): Promise<number> {
  const { facts, flash, bl616 } = await infoJob(() => openBouffaloRom(args, say));
  const summary = { port: args.port, ...facts, romBaud: args.romBaud, flashId: flash?.flashId ?? null, flashSize: flash?.flashSize ?? null, bl616 };
  if (args.json) printJson(summary);
  else {
    const rows: Array<[string, string]> = [
      ['port', summary.port],
      ['chip', summary.family ?? 'unknown (an eflash_loader was already running)'],
      ['boot ROM version', summary.romVersion ?? '-'],
      ['chip id (eFuse MAC)', summary.chipId ?? '-'],
      ['image signing (eFuse)', summary.signType ? `required (type ${summary.signType})` : 'off'],
      ['flash encryption (eFuse)', summary.encryption],
      ['flash access', summary.flashAccess],
      ...(flash ? ([['flash id (JEDEC), size', `${flash.flashId}, ${flash.flashSize / 1048576} MiB`]] as Array<[string, string]>) : []),
      ...(summary.bl616 ? ([['silicon, flash pins (eFuse)', `${summary.bl616.a0 ? 'A0' : 'A1 or later'}, setting 0x${summary.bl616.flashPin.toString(16)}`]] as Array<[string, string]>) : []),
      ['boot ROM baud', String(summary.romBaud)],
    ];
    process.stdout.write(keyValueTable(rows) + '\n');
  }
  return ExitCode.ok;
}

export async function bouffaloRead(args: ReadArgs & BouffaloArgs, say: Say): Promise<number> {
  const result = await readJob(args, () => openBouffaloSession(args, say), outputFile(args.out, args.overwrite), terminalHooks(args.json, say));
  const summary = { output: args.out, ...result };
  if (args.json) printJson(summary);
  else process.stdout.write(`read ${result.length} bytes from ${hex(result.offset)} of the ${result.family} into ${args.out} (every 64 KiB checked by the chip's SHA-256) at ${result.bytesPerSecond} B/s\n`);
  return ExitCode.ok;
}

interface WriteArgs extends BouffaloArgs, GateArgs {
  file: string;
  backup: boolean;
  backupDir?: string;
  resume?: boolean;
}

export async function bouffaloWrite(args: WriteArgs, say: Say, restore = false): Promise<number> {
  const data = readInputFile(args.file);
  try {
    const result = await writeJob({ ...gateOptions(args), file: args.file, data, backup: args.backup, resume: args.resume, restore }, () => openBouffaloSession(args, say), writeEnvironment(args, say));
    if (args.json) printJson(restore ? { ...result, restored: true } : result);
    else {
      process.stdout.write(
        `${restore ? 'restored' : 'wrote'} ${args.file} (${result.kind}) at ${hex(result.offset)} to the ${result.family}: ${result.bytesWritten} bytes written, ${result.bytesSkipped} already identical; verified by the chip's SHA-256\n`,
      );
    }
    return ExitCode.ok;
  } catch (error) {
    throw bouffaloError(error);
  }
}

interface EraseArgs extends BouffaloArgs, EraseRequest {}

export function bouffaloErase(args: EraseArgs, say: Say): Promise<number> {
  checkEraseRequest(args);
  return withSession(args, say, async (session) => {
    const result = await eraseJob(args, session, terminalHooks(args.json, say));
    const { offset, length } = result;
    if (args.json) printJson({ ...result, verified: true });
    else process.stdout.write(`erased ${hex(offset)}+${hex(length)} on the ${result.family} (${Math.ceil(result.bytesErased / 0x10000)} blocks of 64 KiB needed it); checked by SHA-256\n`);
    return ExitCode.ok;
  });
}

interface VerifyArgs extends BouffaloArgs, GateArgs {
  file: string;
}

export function bouffaloVerify(args: VerifyArgs, say: Say): Promise<number> {
  const data = readInputFile(args.file);
  return withSession(args, say, async (session) => {
    const result = await verifyJob({ ...gateOptions(args), file: args.file, data }, session, terminalHooks(args.json, say));
    return renderVerify(args, result, 'blocks of 64 KiB', "by the chip's SHA-256");
  });
}
