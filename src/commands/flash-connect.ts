/** Opening a port and getting an identified Beken chip for the flash commands. */
import type { Argv } from 'yargs';
import { BekenClient } from '../flash/beken/client.js';
import { parseFamily, type BekenFamily } from '../flash/beken/families.js';
import type { BekenSession } from '../jobs/beken-device.js';
import { identifyAtWorkingRate, linkChip, switchBaud } from '../flash/beken/session.js';
import { SerialTransport } from '../flash/serial-transport.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import type { CommonOptions } from './run.js';
import { detectFamily } from '../flash/detect-family.js';
import { BouffaloAnswered } from './flash-auto.js';
import type { BouffaloArgs } from './flash-bouffalo-connect.js';
import { deviceError, portOpenError } from './serial-errors.js';
import { numberOption } from './numbers.js';
import { chipOption, kindOf } from './chip-option.js';

export interface ConnectArgs extends CommonOptions {
  port: string;
  baud: number;
  chip: string;
  linkTimeout: number;
  /** Set by --chip auto when a Bouffalo chip answered: the port, still open (not a command-line option). */
  openPort?: SerialTransport;
}

export function withConnectOptions<T>(y: Argv<T>) {
  return y
    .option('port', { alias: 'p', type: 'string', demandOption: true, describe: 'serial port of the USB-UART adapter (e.g. /dev/ttyUSB0)' })
    .option('baud', numberOption('baud', 'baud', { alias: 'b', default: 921600, describe: 'transfer baud rate after linking at 115200' }))
    .option('chip', chipOption('flash', ['family', 'vendor', 'auto'], 'the chip to expect: auto finds whichever answers, beken or bouffalo the vendor, a family is also checked against the chip', { default: 'auto' }))
    .option('link-timeout', numberOption('link-timeout', 'seconds', { default: 20, describe: 'seconds to keep trying to reach the chip' }));
}

export type Session = BekenSession;

/** The Beken family --chip names (already parsed by chipOption), or null for beken and auto. */
function expectedFamily(chip: string): BekenFamily | null {
  return kindOf(chip) === 'family' ? parseFamily(chip) : null;
}

/** Opens the port, links (asking for a reset when needed), switches baud and identifies the chip. */
export async function openSession(args: ConnectArgs, say: (line: string) => void): Promise<Session> {
  const expected = expectedFamily(args.chip);
  let transport: SerialTransport;
  try {
    transport = await SerialTransport.open(args.port, 115200);
  } catch (error) {
    throw portOpenError(args.port, error);
  }
  try {
    const client = new BekenClient(transport);
    if (args.chip !== 'auto') await linkChip(client, { timeoutMs: args.linkTimeout * 1000, onPrompt: say, onNote: say, strandedRates: [args.baud], reset: (args as Partial<BouffaloArgs>).reset });
    else if ((await detectFamily(transport, { ...(args as BouffaloArgs), strandedRates: [args.baud] }, say)) === 'bouffalo') throw new BouffaloAnswered(transport); // linked when Beken
    await switchBaud(client, args.baud, (warning) => say(`warning: ${warning}`));
    const info = await identifyAtWorkingRate(client, expected, say);
    for (const warning of info.warnings) say(`warning: ${warning}`);
    return { client, info, onNote: (line) => say(`warning: ${line}`), close: () => transport.close() };
  } catch (error) {
    if (error instanceof BouffaloAnswered) throw error;
    await transport.close();
    throw deviceError(error);
  }
}

export { checkRange, hex, rate } from '../jobs/job-error.js';
