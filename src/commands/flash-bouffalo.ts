/** The flash verbs (info, read, write, erase, verify) for BL602/BL702, behind `fwkit flash --chip bl602|bl702|bl`. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VERIFY_BLOCK, type BouffaloClient } from '../flash/bouffalo/client.js';
import { sha256Of as sha256 } from '../formats/bytes.js';
import { bouffaloGateChip, chipLayout, gateErase, placeForVerify, type GateChip } from '../flash/gate/index.js';
import { checkWrite } from '../flash/gate-check.js';
import { bouffaloProbe, differingBlocks } from '../flash/bouffalo/probe.js';
import { inspectImage } from '../formats/inspect.js';
import { gateOptions, type GateArgs } from './flash-gate-options.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, writeFileAtomic } from './files.js';
import { bouffaloError, openBouffaloSession, type BouffaloArgs, type BouffaloSession } from './flash-bouffalo-connect.js';
import { checkRange, hex, rate } from './flash-connect.js';
import { transferProgress } from './progress.js';
import { keyValueTable } from './render-report.js';
import { printJson } from './run.js';
import { stamp } from './flash-write.js';

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

function chipName(session: BouffaloSession): string {
  return session.info.chip.toUpperCase();
}

export function bouffaloInfo(args: BouffaloArgs, say: Say): Promise<number> {
  return withSession(args, say, async (session) => {
    const { info } = session;
    const summary = {
      port: args.port,
      chip: chipName(session),
      romVersion: info.bootInfo ? hex(info.bootInfo.romVersion) : null,
      chipId: info.bootInfo?.chipId ?? null,
      loader: info.loader,
      flashId: info.jedecId.toUpperCase(),
      flashSize: info.flashSize,
      baudRate: session.baudRate,
    };
    if (args.json) printJson(summary);
    else {
      const rows: Array<[string, string]> = [
        ['port', summary.port],
        ['chip', summary.chip],
        ['boot ROM version', summary.romVersion ?? '- (eflash_loader was already running)'],
        ['chip id', summary.chipId ?? '-'],
        ['eflash_loader', summary.loader],
        ['flash id', summary.flashId],
        ['flash size', `${info.flashSize / 1048576} MiB`],
        ['baud rate', String(summary.baudRate)],
      ];
      process.stdout.write(keyValueTable(rows) + '\n');
    }
    return ExitCode.ok;
  });
}

interface ReadArgs extends BouffaloArgs {
  out: string;
  offset: number;
  length?: number;
  resume?: boolean;
  overwrite?: boolean;
}

export function bouffaloRead(args: ReadArgs, say: Say): Promise<number> {
  if (args.resume) throw new UserError('--resume is not needed on BL602/BL702: a whole read takes seconds; run the read again', ExitCode.usage);
  if (existsSync(args.out) && !args.overwrite) {
    throw new UserError(`${args.out}: already exists; fwkit will not overwrite it (pass --overwrite to replace it)`, ExitCode.refused);
  }
  return withSession(args, say, async (session) => {
    const { flashSize } = session.info;
    const length = args.length ?? flashSize - args.offset;
    checkRange(args.offset, length, flashSize);
    const progress = transferProgress('read', !!args.json);
    const started = Date.now();
    const data = await session.client.readFlash(args.offset, length, (done, total) => progress.update(done, total)).finally(() => progress.stop());
    const seconds = (Date.now() - started) / 1000;
    writeFileAtomic(args.out, data, { overwrite: !!args.overwrite });
    const summary = { file: args.out, chip: chipName(session), offset: args.offset, length, sha256: Buffer.from(sha256(data)).toString('hex'), verified: true, seconds, bytesPerSecond: rate(length, started), baudRate: session.baudRate, recoveries: session.client.recoveries };
    if (args.json) printJson(summary);
    else process.stdout.write(`read ${length} bytes from ${hex(args.offset)} of the ${summary.chip} into ${args.out} (every 64 KiB checked by the chip's SHA-256) at ${summary.bytesPerSecond} B/s\n`);
    return ExitCode.ok;
  });
}

async function backupWholeFlash(session: BouffaloSession, dir: string, quiet: boolean): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${chipName(session)}_${stamp()}.bin`);
  const progress = transferProgress('backup', quiet);
  const image = await session.client.readFlash(0, session.info.flashSize, (done, total) => progress.update(done, total)).finally(() => progress.stop());
  writeFileAtomic(path, image);
  return path;
}

/** The chip as the gate sees it: family, flash size, and its layout (partition table, FW slot header) from its first 64 KiB. */
async function readGateChip(session: BouffaloSession): Promise<GateChip> {
  const { client } = session;
  const { flashSize } = session.info;
  const head = await client.readFlash(0, 0x10000);
  const headerAt = new Map<number, Uint8Array>();
  const probe = chipLayout(flashSize, head, () => null);
  if (probe.firmware && probe.firmware.offset + 176 <= flashSize) headerAt.set(probe.firmware.offset, await client.readFlash(probe.firmware.offset, 176));
  return bouffaloGateChip(session.info.chip, flashSize, chipLayout(flashSize, head, (offset) => headerAt.get(offset) ?? null));
}

interface WriteArgs extends BouffaloArgs, GateArgs {
  file: string;
  backup: boolean;
  backupDir: string;
  resume?: boolean;
}

export function bouffaloWrite(args: WriteArgs, say: Say): Promise<number> {
  const data = readInputFile(args.file);
  return withSession(args, say, async (session) => {
    const { client } = session;
    const chip = await readGateChip(session);
    const plan = await checkWrite({ file: args.file, data, report: inspectImage(data), chip, options: gateOptions(args) }, bouffaloProbe(client));
    say(`${args.file}: ${plan.description}`);
    for (const note of plan.notes) say(`note: ${note}`);
    const backup = args.backup ? await backupWholeFlash(session, args.backupDir, !!args.json) : null;
    if (backup) say(`backup of the whole flash saved to ${backup}`);
    const progress = transferProgress('write', !!args.json);
    const started = Date.now();
    let confirmed = 0;
    const stats = await client
      .writeFlash(plan.address, plan.data, (done, total) => {
        confirmed = done;
        progress.update(done, total);
      })
      .catch((error: unknown) => {
        const failure = bouffaloError(error);
        if (failure instanceof UserError && failure.exitCode === ExitCode.device) {
          throw new UserError(
            `the write stopped after ${hex(plan.address + confirmed)} (${failure.message}); the flash is only partly written, so do not reboot the device: run the same command again, blocks already written are skipped${backup ? ` (backup: ${backup})` : ''}`,
            ExitCode.device,
          );
        }
        throw failure;
      })
      .finally(() => progress.stop());
    const seconds = (Date.now() - started) / 1000;
    const summary = { file: args.file, kind: plan.kind, chip: chipName(session), address: plan.address, length: plan.data.length, backup, bytesWritten: stats.written, bytesSkipped: stats.skipped, verified: true, seconds, bytesPerSecond: rate(plan.data.length, started), recoveries: client.recoveries };
    if (args.json) printJson(summary);
    else {
      process.stdout.write(
        `wrote ${args.file} (${plan.kind}) at ${hex(plan.address)} to the ${summary.chip}: ${stats.written} bytes written, ${stats.skipped} already identical; verified by the chip's SHA-256\n`,
      );
    }
    return ExitCode.ok;
  });
}

interface EraseArgs extends BouffaloArgs {
  offset?: number;
  length?: number;
  all?: boolean;
  overwriteBootloader?: boolean;
}

export function bouffaloErase(args: EraseArgs, say: Say): Promise<number> {
  return withSession(args, say, async (session) => {
    const { client } = session;
    const chip = await readGateChip(session);
    const { offset, length, notes } = gateErase({ chip, offset: args.offset, length: args.length, all: args.all, overwriteBootloader: args.overwriteBootloader });
    // the mask-ROM UART boot always stays available, whatever is erased
    for (const note of notes) say(`note: ${note}`);
    const progress = transferProgress('erase', !!args.json);
    let erasedBlocks = 0;
    try {
      for (let at = offset; at < offset + length; at += VERIFY_BLOCK) {
        const size = Math.min(VERIFY_BLOCK, offset + length - at);
        const blank = sha256(new Uint8Array(size).fill(0xff));
        // already blank: nothing to do; otherwise erase and check by the chip's SHA-256
        if (!Buffer.from(await client.flashSha256(at, size)).equals(blank)) {
          await client.erase(at, size);
          if (!Buffer.from(await client.flashSha256(at, size)).equals(blank)) throw new UserError(`the flash at ${hex(at)} is not blank after erasing; it may be write-protected`, ExitCode.device);
          erasedBlocks++;
        }
        progress.update(at + size - offset, length);
      }
    } finally {
      progress.stop();
    }
    if (args.json) printJson({ chip: chipName(session), offset, length, blocksErased: erasedBlocks, verified: true });
    else process.stdout.write(`erased ${hex(offset)}+${hex(length)} on the ${chipName(session)} (${erasedBlocks} blocks of 64 KiB needed it); checked by SHA-256\n`);
    return ExitCode.ok;
  });
}

interface VerifyArgs extends BouffaloArgs, GateArgs {
  file: string;
}

export function bouffaloVerify(args: VerifyArgs, say: Say): Promise<number> {
  const data = readInputFile(args.file);
  return withSession(args, say, async (session) => {
    const chip = await readGateChip(session);
    const plan = placeForVerify({ file: args.file, data, report: inspectImage(data), chip, options: gateOptions(args) });
    for (const note of plan.notes) say(`note: ${note}`);
    const progress = transferProgress('verify', !!args.json);
    const differing = await differingBlocks(session.client, plan.address, plan.data, (done, total) => progress.update(done, total)).finally(() => progress.stop());
    const same = differing.length === 0;
    const compared = `${plan.description} (${hex(plan.address)}-${hex(plan.address + plan.data.length - 1)})`;
    if (args.json) printJson({ file: args.file, chip: chipName(session), kind: plan.kind, offset: plan.address, length: plan.data.length, compared, notes: plan.notes, identical: same, differingBlocks: differing });
    else process.stdout.write(same ? `the flash holds ${args.file}: compared ${compared}, identical (SHA-256 on the chip)\n` : `${differing.length} blocks of 64 KiB differ from ${args.file}, first at ${hex(differing[0]!)}; compared ${compared}\n`);
    return same ? ExitCode.ok : ExitCode.negative;
  });
}
