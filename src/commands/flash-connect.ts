/** Opening a port and getting an identified Beken chip for the flash commands. */
import type { Argv } from 'yargs';
import { parseFamily, type BekenFamily } from '../flash/beken/families.js';
import type { Transport } from '../flash/transport.js';
import { SerialTransport } from '../flash/serial-transport.js';
import type { BekenSession } from '../jobs/beken-device.js';
import { connectBeken } from '../jobs/beken-connect.js';
import type { OpenTransport } from '../jobs/connect.js';
import type { CommonOptions } from './run.js';
import type { BouffaloArgs } from './flash-bouffalo-connect.js';
import { portOpenError } from './serial-errors.js';
import { numberOption } from './numbers.js';
import { chipOption, kindOf } from './chip-option.js';

export interface ConnectArgs extends CommonOptions {
  port: string;
  baud: number;
  chip: string;
  linkTimeout: number;
  /** Set by --chip auto when a Bouffalo chip answered: the port, still open (not a command-line option). */
  openPort?: Transport;
}

export function withConnectOptions<T>(y: Argv<T>) {
  return y
    .option('port', { alias: 'p', type: 'string', demandOption: true, describe: 'serial port of the USB-UART adapter (e.g. /dev/ttyUSB0)' })
    .option('baud', numberOption('baud', 'baud', { alias: 'b', default: 921600, describe: 'transfer baud rate after linking at 115200' }))
    .option('chip', chipOption('flash', ['family', 'vendor', 'auto'], 'the chip to expect: auto finds whichever answers, beken or bouffalo the vendor, a family is also checked against the chip', { default: 'auto' }))
    .option('link-timeout', numberOption('link-timeout', 'seconds', { default: 20, describe: 'seconds to keep trying to reach the chip' }));
}

export type Session = BekenSession;

/** Opens the serial port at the rate a job asks for, its failures as one sentence; or hands over one already open. */
export function portOpener(path: string, alreadyOpen?: Transport): OpenTransport {
  return async (baudRate) => {
    if (alreadyOpen) return alreadyOpen;
    try {
      return await SerialTransport.open(path, baudRate);
    } catch (error) {
      throw portOpenError(path, error);
    }
  };
}

/** The Beken family --chip names (already parsed by chipOption), or null for beken and auto. */
function expectedFamily(chip: string): BekenFamily | null {
  return kindOf(chip) === 'family' ? parseFamily(chip) : null;
}

/** Opens the port, links (asking for a reset when needed), switches baud and identifies the chip. */
export async function openSession(args: ConnectArgs, say: (line: string) => void): Promise<Session> {
  const family = expectedFamily(args.chip);
  const { reset, romBaud = 500000 } = args as Partial<BouffaloArgs>;
  const options = { family, orBouffalo: args.chip === 'auto' ? { romBaud } : undefined, baud: args.baud, linkTimeoutMs: args.linkTimeout * 1000, reset };
  return connectBeken(portOpener(args.port), options, say);
}

export { checkRange, hex, rate } from '../jobs/job-error.js';
