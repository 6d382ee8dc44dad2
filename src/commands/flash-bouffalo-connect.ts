/** Opening a port and getting a BL602/BL702 with its eflash_loader running, for the flash commands. */
import type { Argv } from 'yargs';
import { BouffaloClient } from '../flash/bouffalo/client.js';
import type { BouffaloTarget } from '../jobs/bouffalo-device.js';
import { ChipError } from '../flash/bouffalo/error-codes.js';
import { BouffaloSetupError, NoReplyError, ProtocolError } from '../flash/bouffalo/errors.js';
import { findLoader } from '../flash/bouffalo/loader-discovery.js';
import type { ResetMode } from '../flash/bouffalo/reset.js';
import { SerialTransport } from '../flash/serial-transport.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import type { ConnectArgs } from './flash-connect.js';
import { portOpenError } from './serial-errors.js';
import { numberOption } from './numbers.js';

/** --chip values that select the Bouffalo flasher; "bl" identifies BL602 or BL702 from the boot ROM. */
const BOUFFALO_CHIPS = ['bl602', 'bl702', 'bl'] as const;
export type BouffaloChipArg = (typeof BOUFFALO_CHIPS)[number];

export function isBouffaloChip(chip: string | undefined): chip is BouffaloChipArg {
  return BOUFFALO_CHIPS.includes((chip ?? '').toLowerCase() as BouffaloChipArg);
}

export interface BouffaloArgs extends ConnectArgs {
  loader?: string;
  romBaud: number;
  reset: ResetMode;
}

/** Options only the Bouffalo flasher reads; declared once on the flash command group. */
export function withBouffaloOptions<T>(y: Argv<T>) {
  return y
    .option('loader', { type: 'string', describe: 'BL602/BL702: eflash_loader file (default: $FWKIT_BL602_LOADER / $FWKIT_BL702_LOADER, or the bflb-mcu-tool / BLDevCube install)' })
    .option('rom-baud', numberOption('rom-baud', 'baud', { default: 500000, describe: 'BL602/BL702: baud for the boot ROM handshake and loader upload (keep <= 500000)' }))
    .option('reset', { choices: ['auto', 'none'] as const, default: 'auto' as const, describe: 'BL602/BL702: auto = DTR drives BOOT and RTS drives EN; none = hold BOOT and press reset yourself' });
}

export type BouffaloSession = BouffaloTarget;

/** Bouffalo failures as user errors with the right exit code; anything else passes through. */
export function bouffaloError(error: unknown): unknown {
  if (error instanceof BouffaloSetupError) return new UserError(error.message, /secure boot|identifies itself/.test(error.message) ? ExitCode.refused : ExitCode.badInput);
  if (error instanceof NoReplyError) return new UserError(`${error.message}; the chip stopped answering: check the wiring and power, or try a lower --baud`, ExitCode.device);
  if (error instanceof ChipError || error instanceof ProtocolError) return new UserError(error.message, ExitCode.device);
  if (error instanceof Error && error.name === 'TransportClosedError') return new UserError(`${error.message}; the adapter was unplugged or the emulator stopped`, ExitCode.device);
  return error;
}

export async function openBouffaloSession(args: BouffaloArgs, say: (line: string) => void): Promise<BouffaloSession> {
  const chip = args.chip.toLowerCase() as BouffaloChipArg;
  let transport: SerialTransport;
  try {
    transport = args.openPort ?? (await SerialTransport.open(args.port, args.romBaud));
  } catch (error) {
    throw portOpenError(args.port, error);
  }
  const client = new BouffaloClient(transport, {
    chip: chip === 'bl' ? 'auto' : chip,
    romBaud: args.romBaud,
    loaderBaud: args.baud,
    reset: args.reset,
    loader: async (identified) => findLoader(identified, args.loader),
    log: args.debug ? (line) => say(`debug: ${line}`) : undefined,
  });
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
