/** `fwkit flash <verb>`: info, read, write, erase and verify on a Beken chip over a serial port. */
import type { Argv, CommandModule } from 'yargs';
import type { ChipInfo } from '../flash/beken/session.js';
import { bekenErase, checkEraseRequest, type EraseRequest } from '../jobs/erase.js';
import { bekenVerify } from '../jobs/verify.js';
import { bekenInfo as infoJob } from '../jobs/info.js';
import { gateOptions, renderVerify, withGateOptions, type GateArgs } from './flash-gate-options.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { hex, openSession, withConnectOptions, type ConnectArgs } from './flash-connect.js';
import { bouffaloErase, bouffaloInfo, bouffaloRead, bouffaloVerify, bouffaloWrite } from './flash-bouffalo.js';
import { withBouffaloOptions, type BouffaloArgs } from './flash-bouffalo-connect.js';
import { flashRead, type ReadArgs } from './flash-read.js';
import { flashRestore, flashWrite, type WriteArgs } from './flash-write.js';
import { byFamily } from './flash-auto.js';
import { terminalHooks } from './progress.js';
import { cell, keyValueTable } from './render-report.js';
import { printJson, runCommand } from './run.js';
import { deviceError } from './serial-errors.js';
import { numberOption } from './numbers.js';
import { hexId } from '../jobs/json-values.js';
import { runInterruptible } from './interrupt.js';
import { eraseSummary, readSummary, verifySummary, writeSummary } from './flash-interrupt.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

function infoRows(port: string, info: ChipInfo): Array<[string, string]> {
  return [
    ['port', port],
    ['family', info.family],
    ['protocol', `${info.protocol} (${info.downloadEngine})`],
    ['chip id', info.chipId === null ? '-' : hex(info.chipId)],
    ['identified by', info.identifiedBy ?? '-'],
    ['bootloader', [info.bootloader, info.bootVersion].filter(Boolean).join(', ') || 'unknown build'],
    ['bootloader CRC', `${cell(info.bootloaderCrc)} (CRC-32 of the first ${info.crcEndInclusive ? 257 : 256} bytes)`],
    ...info.evidence.map(([label, value]): [string, string] => [`  ${label}`, value]),
    ['CRC end rule', info.crcEndInclusive ? 'inclusive' : 'exclusive'],
    ['flash id', info.flashId ?? '- (not readable through this bootloader)'],
    ['flash part', info.flashName ?? '-'],
    ['flash size', `${info.flashSize / 1048576} MiB (${info.flashSizeSource})`],
    ['protection', info.protection ? `${info.protection.protected ? 'PROTECTED' : 'none'} (status ${cell(info.protection.status)})` : 'managed by the bootloader'],
    ['baud rate', String(info.baudRate)],
  ];
}

/** The chip's facts in the JSON vocabulary: ids and the CRC as hex strings. */
function bekenInfoJson(port: string, info: ChipInfo): Record<string, unknown> {
  return { port, vendor: 'beken', ...info, chipId: hexId(info.chipId), bootloaderCrc: hexId(info.bootloaderCrc), flashId: hexId(info.flashId) };
}

async function bekenInfo(args: ConnectArgs): Promise<number> {
  const info = await infoJob(() => openSession(args, say));
  if (args.json) printJson(bekenInfoJson(args.port, info));
  else process.stdout.write(keyValueTable(infoRows(args.port, info)) + '\n');
  return ExitCode.ok;
}

const info: CommandModule<object, ConnectArgs> = {
  command: 'info',
  describe: 'identify the chip: family, protocol, bootloader, flash id, size and protection',
  builder: (y) => withConnectOptions(y) as unknown as Argv<ConnectArgs>,
  handler: (args) =>
    runCommand(args, () => byFamily(args, bekenInfo, (a) => bouffaloInfo(a as unknown as BouffaloArgs, say))),
};

const read: CommandModule<object, ReadArgs> = {
  command: 'read <out>',
  describe: 'read the flash (default: all of it) into a file, in physical order, every block CRC-checked',
  builder: (y) =>
    withConnectOptions(y)
      .positional('out', { type: 'string', demandOption: true, describe: 'output file' })
      .option('offset', numberOption('offset', 'address', { default: 0, describe: 'first byte (multiple of 0x1000)' }))
      .option('length', numberOption('length', 'size', { describe: 'bytes to read (multiple of 0x1000; default: to the end)' }))
      .option('resume', { type: 'boolean', describe: 'continue an interrupted read from <out>.partial' })
      .option('overwrite', { type: 'boolean', describe: 'replace <out> if it exists' }) as unknown as Argv<ReadArgs>,
  handler: (args) =>
    runCommand(args, () => runInterruptible(args.json, readSummary(args), () => byFamily(args, (a) => flashRead(a, say), (a) => bouffaloRead(a as unknown as ReadArgs & BouffaloArgs, say)))),
};

const write: CommandModule<object, WriteArgs> = {
  command: 'write <file>',
  describe: 'write a firmware file: checks kind and family, backs up the flash, writes only differing sectors, verifies',
  builder: (y) =>
    withGateOptions(withConnectOptions(y))
      .positional('file', { type: 'string', demandOption: true, describe: 'QIO, UA or full dump' })
      .option('offset', numberOption('offset', 'address', { describe: 'write raw bytes at this address (a file whose content has its own place must go there)' }))
      .option('backup', { type: 'boolean', default: true, describe: 'back up the whole flash first, per device, reading only what changed since the last backup of this chip (--no-backup skips it)' })
      .option('backup-dir', { type: 'string', describe: 'where backups and the resume record go (default: the user data folder, e.g. ~/.local/share/fwkit/backups)' })
      .option('resume', { type: 'boolean', describe: 'finish an interrupted write of the same file' }) as unknown as Argv<WriteArgs>,
  handler: (args) =>
    runCommand(args, () => runInterruptible(args.json, writeSummary(args), () => byFamily(args, (a) => flashWrite(a, say), (a) => bouffaloWrite(a as unknown as WriteArgs & BouffaloArgs, say)))),
};

const restore: CommandModule<object, WriteArgs> = {
  command: 'restore <file>',
  describe: 'put a whole-flash backup back: checks it and the chip, writes only what differs, then compares the whole flash; also finishes off an interrupted write',
  builder: (y) =>
    withGateOptions(withConnectOptions(y))
      .positional('file', { type: 'string', demandOption: true, describe: 'a whole-flash backup (fwkit backups lists them)' })
      .option('backup', { type: 'boolean', default: true, describe: 'back up the flash first (skipped anyway when it holds an interrupted write)' })
      .option('backup-dir', { type: 'string', describe: 'where backups and the resume record go (default: the user data folder)' })
      .option('resume', { type: 'boolean', describe: 'finish an interrupted restore of the same file' }) as unknown as Argv<WriteArgs>,
  handler: (args) =>
    runCommand(args, () => runInterruptible(args.json, writeSummary(args), () => byFamily(args, (a) => flashRestore(a, say), (a) => bouffaloWrite(a as unknown as WriteArgs & BouffaloArgs, say, true)))),
};

interface EraseArgs extends ConnectArgs, EraseRequest {}

const erase: CommandModule<object, EraseArgs> = {
  command: 'erase',
  describe: 'erase a range (or --all: everything but the bootloader), skipping what is already erased',
  builder: (y) =>
    withConnectOptions(y)
      .option('offset', numberOption('offset', 'address', { describe: 'first byte (multiple of 0x1000)' }))
      .option('length', numberOption('length', 'size', { describe: 'bytes (multiple of 0x1000)' }))
      .option('all', { type: 'boolean', describe: 'from 0x11000 to the end of the flash' })
      .option('overwrite-bootloader', { type: 'boolean', describe: 'allow erasing inside 0x0-0x10FFF (the device will not boot)' }) as unknown as Argv<EraseArgs>,
  handler: (args) =>
    runCommand(args, () =>
      runInterruptible(args.json, eraseSummary, () =>
      byFamily(
        args,
        async (args) => {
          checkEraseRequest(args);
          const session = await openSession(args, say);
          try {
            const result = await bekenErase(args, session, terminalHooks(args.json, say));
            const { offset, length, family } = result;
            if (args.json) printJson({ ...result, verified: true });
            else process.stdout.write(`erased ${hex(offset)}+${hex(length)} on the ${family} (${result.bytesErased / 0x1000} sectors needed it); checked by CRC\n`);
            return ExitCode.ok;
          } catch (error) {
            throw deviceError(error);
          } finally {
            await session.close();
          }
        },
        (a) => bouffaloErase(a as unknown as EraseArgs & BouffaloArgs, say),
      )),
    ),
};

interface VerifyArgs extends ConnectArgs, GateArgs {
  file: string;
}

const verify: CommandModule<object, VerifyArgs> = {
  command: 'verify <file>',
  describe: 'compare the flash with a file, placed as write would place it, by the chip CRC or SHA-256, without reading the flash out',
  builder: (y) =>
    withConnectOptions(y)
      .positional('file', { type: 'string', demandOption: true })
      .option('offset', numberOption('offset', 'address', { describe: 'flash address of the first byte of the file (default: where a write would put it)' }))
      .option('overwrite-bootloader', { type: 'boolean', describe: 'also compare the bootloader region of a full image, as a write with this flag writes it' }) as unknown as Argv<VerifyArgs>,
  handler: (args) =>
    runCommand(args, () =>
      runInterruptible(args.json, verifySummary, () =>
      byFamily(
        args,
        async (args) => {
          const data = readInputFile(args.file);
          const session = await openSession(args, say);
          try {
            const result = await bekenVerify({ ...gateOptions(args), file: args.file, data }, session, terminalHooks(args.json, say));
            return renderVerify(args, result, 'sectors', 'by CRC');
          } catch (error) {
            throw deviceError(error);
          } finally {
            await session.close();
          }
        },
        (a) => bouffaloVerify(a as unknown as VerifyArgs & BouffaloArgs, say),
      )),
    ),
};

export const flashCommand: CommandModule = {
  command: 'flash',
  describe: 'read, write, erase and verify a Beken or Bouffalo BL602/BL702/BL616 chip (--chip auto finds which) through a USB-UART adapter',
  builder: (y) => withBouffaloOptions(y).command(info).command(read).command(write).command(restore).command(erase).command(verify).demandCommand(1, 'Name a verb: info, read, write, restore, erase or verify.'),
  handler: () => {},
};
