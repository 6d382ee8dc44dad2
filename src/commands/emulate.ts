/** `fwkit emulate`: a Beken chip behind a pseudo-terminal, for flashers and tests. */
import type { Argv, CommandModule } from 'yargs';
import { parseFamily } from '../flash/beken/families.js';
import { BekenChipEmulator } from '../flash/emulator/beken-chip.js';
import { openChipPort } from '../flash/emulator/chip-port.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, writeFileAtomic } from './files.js';
import { printJson, runCommand } from './run.js';
import { hexId } from '../jobs/json-values.js';
import { deviceError } from './serial-errors.js';
import { runBouffaloEmulator, withBouffaloEmulateOptions } from './emulate-bouffalo.js';
import { chipOption, isBouffaloWord } from './chip-option.js';
import { emulateLog, withLogModeOptions, type LogModeArgs } from './emulate-log.js';
import { numberOption } from './numbers.js';

interface EmulateArgs extends LogModeArgs {
  chip?: string;
  image?: string;
  save?: boolean;
  flashId?: string;
  chipId?: number;
  readProtected?: boolean;
  statusLocked?: boolean;
  flashIdFails?: 'error' | 'silent';
  marginalAbove?: number;
  maxBaud?: number;
  status?: number;
  window?: number;
  instant?: boolean;
  corruptRate: number;
  dropRate: number;
  loseByteRate: number;
  failCommands: number;
  ignoreCommands: number;
  stopAfter?: number;
  corruptId: number;
  seed: number;
  appReboot: boolean;
  wireBaud: number;
  romWireBaud: number;
}

/** How to reset the emulated chip: a pty carries no DTR/RTS pulse, so the emulator takes it from its user. */
const RESET_HINT = `Enter or kill -USR1 ${process.pid} resets the chip`;

/**
 * Calls `reset` for each SIGUSR1 and each Enter typed on a terminal: what pulling CEN low (or a power
 * cycle) does to a real chip. Returns the function that stops listening.
 */
export function onResetRequest(reset: () => void): () => void {
  process.on('SIGUSR1', reset);
  const stdin = process.stdin.isTTY ? process.stdin : null;
  const onLine = (chunk: Buffer) => {
    if (chunk.includes(0x0a) || chunk.includes(0x0d)) reset();
  };
  stdin?.on('data', onLine);
  return () => {
    process.off('SIGUSR1', reset);
    stdin?.off('data', onLine).pause();
  };
}

/** Resolves on Ctrl-C, SIGTERM or SIGHUP. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
}

function parseFlashId(text: string): Uint8Array {
  if (!/^[0-9a-f]{6}$/i.test(text)) throw new UserError(`--flash-id ${text}: give the three JEDEC bytes as 6 hex digits, e.g. EB6015`, ExitCode.usage);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export const emulateCommand: CommandModule<object, EmulateArgs> = {
  command: 'emulate',
  describe: 'emulate a Beken chip in download mode or a BL602/BL702/BL616 boot ROM behind a pseudo-terminal (prints the port to flash), or with --log a device playing a boot log',
  builder: (y) =>
    withLogModeOptions(withBouffaloEmulateOptions(y))
      .option('chip', chipOption('emulate', ['family'], 'the chip to emulate (needed unless --log)'))
      .option('image', { type: 'string', describe: 'flash content (a full dump in physical order; needed unless --log)' })
      .option('save', { type: 'boolean', describe: 'write the flash back to --image when stopped (Ctrl-C)' })
      .option('flash-id', { type: 'string', describe: 'JEDEC id the flash answers, 6 hex digits (default EB60xx on Beken, EF40xx on Bouffalo, for the image size); 000000 or FFFFFF = a flash that does not answer' })
      .option('flash-id-fails', { choices: ['error', 'silent'] as const, describe: 'the flash id (JEDEC) read fails: answered with an error, or not at all' })
      .option('status', numberOption('status', 'word', { describe: 'Beken: initial flash status register (SR2<<8|SR1), e.g. 0x1C = protected' }))
      .option('status-locked', { type: 'boolean', describe: 'Beken: the status register ignores writes (WP held low or SRP1 set), so its protect bits cannot be cleared' })
      .option('marginal-above', numberOption('marginal-above', 'baud', { describe: 'a marginal line: above this baud a third of the replies (and of the write data received) are damaged' }))
      .option('max-baud', numberOption('max-baud', 'baud', { describe: 'Beken: the chip cannot take a rate above this: a switch to one is lost, as with an adapter that cannot hold it' }))
      .option('chip-id', numberOption('chip-id', 'word', { describe: 'Beken ROM chips: what the chip-ID register answers (e.g. an unknown revision, 0x7231D)' }))
      .option('read-protected', { type: 'boolean', describe: 'the flash cannot be read out: Beken reads and CRCs see zeros and writes do nothing; a Bouffalo eFuse enforces signed and encrypted images, so its ROM refuses a plain eflash_loader' })
      .option('window', numberOption('window', 'milliseconds', { describe: 'ms the download window stays open after reset (default: always open)' }))
      .option('instant', { type: 'boolean', describe: 'no wire-time throttling and no erase/program times' })
      .option('corrupt-rate', numberOption('corrupt-rate', 'probability', { default: 0, describe: 'probability that a reply (or incoming write data) has one byte flipped' }))
      .option('drop-rate', numberOption('drop-rate', 'probability', { default: 0, describe: 'probability that a reply is not sent' }))
      .option('lose-byte-rate', numberOption('lose-byte-rate', 'probability', { default: 0, describe: 'probability that a reply loses one byte' }))
      .option('fail-commands', numberOption('fail-commands', 'count', { default: 0, describe: 'the first N flash commands fail with a status error' }))
      .option('ignore-commands', numberOption('ignore-commands', 'count', { default: 0, describe: 'the first N commands get no answer' }))
      .option('stop-after', numberOption('stop-after', 'count', { describe: 'go silent after N commands (a transfer dying half way)' }))
      .option('corrupt-id', numberOption('corrupt-id', 'count', { default: 0, describe: 'the first N replies naming the chip or its flash (chip id, boot info, flash id) arrive with one bit flipped, as line noise would' }))
      .option('seed', numberOption('seed', 'word', { default: 1, describe: 'seed of the fault dice' }))
      .option('app-reboot', { type: 'boolean', default: true, describe: 'the running firmware reboots into download mode on "reboot" text (--no-app-reboot: it does not)' })
      .example('$0 emulate --chip bk7231n --image dump.bin', 'then: fwkit flash info --port <printed path>') as unknown as Argv<EmulateArgs>,
  handler: (args) =>
    runCommand(args, async () => {
      if (args.log) return emulateLog({ ...args, log: args.log });
      if (!args.chip || !args.image) throw new UserError('give --chip and --image (or --log <scenario> for the log mode)', ExitCode.usage);
      const faults = {
        corruptRate: args.corruptRate,
        dropRate: args.dropRate,
        loseByteRate: args.loseByteRate,
        failCommands: args.failCommands,
        ignoreCommands: args.ignoreCommands,
        stopAfterCommands: args.stopAfter,
        marginalAboveBaud: args.marginalAbove,
        corruptIdReplies: args.corruptId,
        maxBaud: args.maxBaud,
        seed: args.seed,
      };
      const flashId = args.flashId === undefined ? undefined : parseFlashId(args.flashId);
      if (isBouffaloWord(args.chip)) return runBouffaloEmulator({ ...args, chip: args.chip, image: args.image, faults, flashId });
      const family = parseFamily(args.chip);
      if (!family) throw new Error(`--chip ${args.chip} passed the chip option but names no Beken family`);
      const image = readInputFile(args.image);
      const chip = new BekenChipEmulator({
        family,
        image,
        flashId,
        flashIdFails: args.flashIdFails,
        statusRegister: args.status,
        statusLocked: args.statusLocked,
        chipId: args.chipId,
        readProtected: args.readProtected,
        rebootOnText: args.appReboot,
        timing: {
          ...(args.instant ? { wire: false, eraseSectorMs: 0, eraseBlockMs: 0, pageProgramMs: 0, statusWriteMs: 0, crcBytesPerMs: Infinity } : {}),
          linkWindowMs: args.window ?? null,
        },
        faults,
      });
      let stop: () => Promise<void>;
      try {
        const port = await openChipPort();
        const detach = chip.attach(port.device, port.line);
        stop = async () => {
          detach();
          await port.close();
        };
        if (args.json) printJson({ port: port.hostPath, family, flashSize: chip.flash.size, flashId: hexId(Buffer.from(chip.flashId).toString('hex')), pid: process.pid });
        else process.stdout.write(`${family} emulator ready on ${port.hostPath}\nflash with: fwkit flash info --port ${port.hostPath}   (${RESET_HINT}; Ctrl-C stops${args.save ? ' and saves the flash to ' + args.image : ''})\n`);
      } catch (error) {
        throw deviceError(error);
      }
      const stopReset = onResetRequest(() => {
        chip.reset();
        process.stderr.write('reset: the chip is in its download window again, at 115200 baud\n');
      });
      await untilStopped();
      stopReset();
      await stop();
      if (args.save) writeFileAtomic(args.image, chip.flash.data, { overwrite: true, replacesInput: true });
      const s = chip.stats;
      process.stderr.write(`emulator stopped: ${s.commands} commands, ${s.sectorsRead} sectors read, ${s.sectorsWritten} written, ${s.erases} erases, ${s.crcs} CRCs${args.save ? `; flash saved to ${args.image}` : ''}\n`);
      return ExitCode.ok;
    }),
};
