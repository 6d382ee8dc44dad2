/** Opening a port and getting a BL602/BL702 with its eflash_loader running, for the flash commands. */
import type { Argv } from 'yargs';
import type { BouffaloTarget } from '../jobs/bouffalo-device.js';
import { bouffaloFailure, connectBouffalo, connectBouffaloRom, type BouffaloConnectOptions, type BouffaloRom } from '../jobs/bouffalo-connect.js';
import { findLoader } from '../flash/bouffalo/loader-discovery.js';
import { LoaderHashError } from '../flash/bouffalo/loader-source.js';
import type { ResetMode } from '../flash/bouffalo/reset.js';
import { checkResetOption, describeResets, ResetSyntaxError } from '../flash/reset-sequence.js';
import { ExitCode } from './exit-codes.js';
import { transferProgress } from './progress.js';
import { defaultCacheDir } from './storage/data-dir.js';
import { fileLoaderStore } from './storage/loader-cache.js';
import { UserError } from './errors.js';
import { portOpener, type ConnectArgs } from './flash-connect.js';
import { numberOption } from './numbers.js';

/** --chip words that select the Bouffalo flasher; "bouffalo" identifies BL602, BL702 or BL616/BL618 from the boot ROM. */
export type BouffaloChipArg = 'bl602' | 'bl702' | 'bl616' | 'bl618' | 'bouffalo';

export interface BouffaloArgs extends ConnectArgs {
  loader?: string;
  offline?: boolean;
  romBaud: number;
  reset: ResetMode;
}

/** Options only the Bouffalo flasher reads; declared once on the flash command group. */
export function withBouffaloOptions<T>(y: Argv<T>) {
  return y
    .option('loader', {
      type: 'string',
      describe:
        'BL602/BL702: eflash_loader file (BL616/BL618 need none) (default: $FWKIT_BL602_LOADER / $FWKIT_BL702_LOADER, the bflb-mcu-tool / BLDevCube install, ' +
        'else the copy fwkit downloads once from its pinned source, SHA-256 checked, into the user cache folder)',
    })
    .option('offline', { type: 'boolean', default: false, describe: 'BL602/BL702: never download the eflash_loader; use --loader, the environment, an install or the cache' })
    .option('rom-baud', numberOption('rom-baud', 'baud', { default: 500000, describe: 'BL602/BL702: baud for the boot ROM handshake and loader upload (keep <= 500000)' }))
    .option('reset', {
      type: 'string',
      default: 'auto',
      describe: `how DTR/RTS reset the chip: auto (beken-cen on Beken, bl-dtr-boot on Bouffalo), a name - ${describeResets()} - or a sequence such as D1|R1|W0.05|D0|R0 (D/R = DTR/RTS 0 released 1 asserted, U<d>,<r> both, W<seconds>)`,
    });
}

export type BouffaloSession = BouffaloTarget;

/** Bouffalo failures as job errors with the right exit class; anything else passes through. */
export const bouffaloError = bouffaloFailure;

/** --reset as a usage error (exit 2) when it is neither a name nor a valid sequence. */
export function checkResetArg(reset: string | undefined): void {
  try {
    checkResetOption(reset ?? 'auto');
  } catch (error) {
    if (error instanceof ResetSyntaxError) throw new UserError(error.message, ExitCode.usage);
    throw error;
  }
}

function connectOptions(args: BouffaloArgs, say: (line: string) => void): BouffaloConnectOptions {
  const chip = args.chip.toLowerCase() as BouffaloChipArg;
  return {
    // BL618 is the BL616 die in a larger package: one ROM, one protocol
    chip: chip === 'bouffalo' ? 'auto' : chip === 'bl618' ? 'bl616' : chip,
    romBaud: args.romBaud,
    baud: args.baud,
    reset: args.reset,
    linkTimeoutMs: args.linkTimeout * 1000,
    loader: async (identified) =>
      findLoader(identified, {
        explicit: args.loader,
        offline: args.offline,
        store: fileLoaderStore(defaultCacheDir()),
        hooks: { say, progress: (label) => transferProgress(label, !!args.json) },
      }),
    log: args.debug ? (line) => say(`debug: ${line}`) : undefined,
  };
}

/** The boot ROM alone (no eflash_loader): what `flash info` needs. */
export function openBouffaloRom(args: BouffaloArgs, say: (line: string) => void): Promise<BouffaloRom> {
  return connectBouffaloRom(portOpener(args.port, args.openPort), connectOptions(args, say), say);
}

/** Opens the port (or takes the one --chip auto found), uploads the eflash_loader and goes to --baud. */
export function openBouffaloSession(args: BouffaloArgs, say: (line: string) => void): Promise<BouffaloSession> {
  return connectBouffalo(portOpener(args.port, args.openPort), connectOptions(args, say), say);
}
