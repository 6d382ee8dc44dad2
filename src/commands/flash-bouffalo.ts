/** The flash verbs (info, read, write, erase, verify) for BL602/BL702/BL616, behind `fwkit flash --chip bl602|bl702|bl616|bl`. */
import { sha256Of as sha256 } from '../formats/bytes.js';
import { chipDisplayName } from '../flash/bouffalo/boot-info.js';
import { chipName } from '../jobs/bouffalo-device.js';
import { bouffaloWrite as writeJob } from '../jobs/bouffalo-write.js';
import { bouffaloErase as eraseJob, checkEraseRequest, type EraseRequest } from '../jobs/erase.js';
import { bouffaloVerify as verifyJob } from '../jobs/verify.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, refuseExisting, writeFileAtomic } from './files.js';
import { writeEnvironment } from './flash-write.js';
import { gateOptions, renderVerify, type GateArgs } from './flash-gate-options.js';
import { bouffaloError, openBouffaloRom, openBouffaloSession, type BouffaloArgs, type BouffaloSession } from './flash-bouffalo-connect.js';
import { checkRange, hex, rate } from './flash-connect.js';
import { terminalHooks, transferProgress } from './progress.js';
import { keyValueTable } from './render-report.js';
import { printJson } from './run.js';
import { familyName, hexId } from './json-values.js';

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

const ENCRYPTION = ['none', 'AES-128', 'AES-256', 'AES-192'];

/** `flash info`: the boot ROM alone answers (chip, ROM version, eFuse facts); no eflash_loader is needed. */
export async function bouffaloInfo(args: BouffaloArgs, say: Say): Promise<number> {
  const rom = await openBouffaloRom(args, say);
  await rom.close();
  const { bootInfo, flash } = rom;
  const secure = bootInfo.signType !== 0 || bootInfo.encrypted !== 0;
  const summary = {
    port: args.port,
    vendor: 'bouffalo',
    family: familyName(bootInfo.chip),
    romVersion: bootInfo.loaderRunning ? null : hexId(bootInfo.romVersion),
    chipId: hexId(bootInfo.chipId),
    signType: bootInfo.signType,
    encryption: ENCRYPTION[bootInfo.encrypted] ?? `type ${bootInfo.encrypted}`,
    secureBoot: secure,
    flashAccess: secure
      ? `refused: secure boot is on (signed or encrypted images only), so ${bootInfo.chip === 'bl616' ? 'fwkit does not touch the flash' : 'a plain eflash_loader cannot run and the flash cannot be read out'}`
      : bootInfo.chip === 'bl616'
        ? "through the boot ROM's own flash commands (no eflash_loader needed)"
        : 'through the eflash_loader (fwkit flash read/write load it; see --loader)',
    romBaud: args.romBaud,
    /** BL616/BL618 only (its ROM reads the flash); null elsewhere. */
    flashId: flash ? hexId(flash.jedecId) : null,
    flashSize: flash ? flash.flashSize : null,
    /** BL616/BL618: A0 silicon (configured by memory write) and the eFuse flash pin setting the ROM is given. */
    bl616: bootInfo.bl616 ? { a0: bootInfo.bl616.a0, flashPin: bootInfo.bl616.flashPin } : null,
  };
  if (args.json) printJson(summary);
  else {
    const rows: Array<[string, string]> = [
      ['port', summary.port],
      ['chip', bootInfo.chip ? chipDisplayName(bootInfo.chip) : 'unknown (an eflash_loader was already running)'],
      ['boot ROM version', summary.romVersion ?? '-'],
      ['chip id (eFuse MAC)', summary.chipId ?? '-'],
      ['image signing (eFuse)', summary.signType ? `required (type ${summary.signType})` : 'off'],
      ['flash encryption (eFuse)', summary.encryption],
      ['flash access', summary.flashAccess],
      ...(flash ? ([['flash id (JEDEC), size', `${summary.flashId}, ${flash.flashSize / 1048576} MiB`]] as Array<[string, string]>) : []),
      ...(summary.bl616 ? ([['silicon, flash pins (eFuse)', `${summary.bl616.a0 ? 'A0' : 'A1 or later'}, setting 0x${summary.bl616.flashPin.toString(16)}`]] as Array<[string, string]>) : []),
      ['boot ROM baud', String(summary.romBaud)],
    ];
    process.stdout.write(keyValueTable(rows) + '\n');
  }
  return ExitCode.ok;
}

interface ReadArgs extends BouffaloArgs {
  out: string;
  offset: number;
  length?: number;
  resume?: boolean;
  overwrite?: boolean;
}

export function bouffaloRead(args: ReadArgs, say: Say): Promise<number> {
  if (args.resume) throw new UserError('--resume is not needed on Bouffalo chips: a whole read takes seconds; run the read again', ExitCode.usage);
  refuseExisting(args.out, args.overwrite);
  return withSession(args, say, async (session) => {
    const { flashSize } = session.info;
    const length = args.length ?? flashSize - args.offset;
    checkRange(args.offset, length, flashSize);
    const progress = transferProgress('read', !!args.json);
    const started = Date.now();
    const data = await session.client.readFlash(args.offset, length, (done, total) => progress.update(done, total)).finally(() => progress.stop());
    const seconds = (Date.now() - started) / 1000;
    writeFileAtomic(args.out, data, { overwrite: !!args.overwrite });
    const summary = {
      output: args.out,
      family: chipName(session),
      offset: args.offset,
      length,
      sha256: Buffer.from(sha256(data)).toString('hex'),
      verified: true,
      resumedFrom: null,
      retries: session.client.recoveries,
      seconds,
      bytesPerSecond: rate(length, started),
      baudRate: session.baudRate,
    };
    if (args.json) printJson(summary);
    else process.stdout.write(`read ${length} bytes from ${hex(args.offset)} of the ${summary.family} into ${args.out} (every 64 KiB checked by the chip's SHA-256) at ${summary.bytesPerSecond} B/s\n`);
    return ExitCode.ok;
  });
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
