/** Opening a port and getting a BL602/BL702 with its eflash_loader running, for the flash commands. */
import type { Argv } from 'yargs';
import { BouffaloClient } from '../flash/bouffalo/client.js';
import type { BootInfo } from '../flash/bouffalo/boot-info.js';
import type { BouffaloTarget } from '../jobs/bouffalo-device.js';
import { ChipError } from '../flash/bouffalo/error-codes.js';
import { BouffaloSetupError, FlashNotAnsweringError, NeverAnsweredError, NoReplyError, ProtocolError } from '../flash/bouffalo/errors.js';
import { findLoader } from '../flash/bouffalo/loader-discovery.js';
import { LoaderHashError } from '../flash/bouffalo/loader-source.js';
import type { ResetMode } from '../flash/bouffalo/reset.js';
import { checkResetOption, describeResets, ResetSyntaxError } from '../flash/reset-sequence.js';
import { SerialTransport } from '../flash/serial-transport.js';
import { ExitCode } from './exit-codes.js';
import { transferProgress } from './progress.js';
import { defaultCacheDir } from './storage/data-dir.js';
import { fileLoaderStore } from './storage/loader-cache.js';
import { UserError } from './errors.js';
import type { ConnectArgs } from './flash-connect.js';
import { portOpenError } from './serial-errors.js';
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

/** Bouffalo failures as user errors with the right exit code; anything else passes through. */
export function bouffaloError(error: unknown): unknown {
  if (error instanceof LoaderHashError) return new UserError(error.message, ExitCode.refused);
  if (error instanceof BouffaloSetupError) return new UserError(error.message, /secure boot|identifies itself/.test(error.message) ? ExitCode.refused : ExitCode.badInput);
  if (error instanceof NeverAnsweredError || error instanceof FlashNotAnsweringError) return new UserError(error.message, ExitCode.device);
  if (error instanceof NoReplyError) {
    const option = error.phase === 'rom' ? '--rom-baud (the boot ROM runs on its 32 MHz RC clock)' : '--baud';
    return new UserError(`${error.message}; the chip answered, then stopped answering: check the power and the wiring, or try a lower ${option}`, ExitCode.device);
  }
  if (error instanceof ChipError || error instanceof ProtocolError) return new UserError(error.message, ExitCode.device);
  if (error instanceof Error && error.name === 'TransportClosedError') return new UserError(`${error.message}; the adapter was unplugged or the emulator stopped`, ExitCode.device);
  return error;
}

/** --reset as a usage error (exit 2) when it is neither a name nor a valid sequence. */
export function checkResetArg(reset: string | undefined): void {
  try {
    checkResetOption(reset ?? 'auto');
  } catch (error) {
    if (error instanceof ResetSyntaxError) throw new UserError(error.message, ExitCode.usage);
    throw error;
  }
}

/** Opens the port (or takes the one --chip auto found) and makes a client for it. */
async function openClient(args: BouffaloArgs, say: (line: string) => void): Promise<{ transport: SerialTransport; client: BouffaloClient }> {
  const chip = args.chip.toLowerCase() as BouffaloChipArg;
  let transport: SerialTransport;
  try {
    transport = args.openPort ?? (await SerialTransport.open(args.port, args.romBaud));
  } catch (error) {
    throw portOpenError(args.port, error);
  }
  const client = new BouffaloClient(transport, {
    // BL618 is the BL616 die in a larger package: one ROM, one protocol
    chip: chip === 'bouffalo' ? 'auto' : chip === 'bl618' ? 'bl616' : chip,
    romBaud: args.romBaud,
    loaderBaud: args.baud,
    reset: args.reset,
    linkTimeoutMs: args.linkTimeout * 1000,
    onPrompt: say,
    loader: async (identified) =>
      findLoader(identified, {
        explicit: args.loader,
        offline: args.offline,
        store: fileLoaderStore(defaultCacheDir()),
        hooks: { say, progress: (label) => transferProgress(label, !!args.json) },
      }),
    log: args.debug ? (line) => say(`debug: ${line}`) : undefined,
  });
  return { transport, client };
}

/** The boot ROM alone (no eflash_loader): what `flash info` needs. */
export async function openBouffaloRom(args: BouffaloArgs, say: (line: string) => void): Promise<{ bootInfo: BootInfo; flash: { jedecId: string; flashSize: number } | null; close(): Promise<void> }> {
  const { transport, client } = await openClient(args, say);
  try {
    const bootInfo = await client.connectRom();
    // a BL616/BL618 ROM reads its flash id itself; the others need the loader for that
    const flash = await client.romFlashId(bootInfo);
    return { bootInfo, flash, close: async () => (await client.finish().catch(() => undefined), await transport.close()) };
  } catch (error) {
    await transport.close();
    throw bouffaloError(error);
  }
}

export async function openBouffaloSession(args: BouffaloArgs, say: (line: string) => void): Promise<BouffaloSession> {
  const { transport, client } = await openClient(args, say);
  try {
    const info = await client.connect();
    return {
      client,
      info,
      baudRate: args.baud,
      close: async () => {
        await client.finish().catch(() => undefined);
        await transport.close();
      },
    };
  } catch (error) {
    await transport.close();
    throw bouffaloError(error);
  }
}
