/** Opening a port and getting an identified Beken chip for the flash commands. */
import type { Argv } from 'yargs';
import { FAMILIES } from '../flash/beken/families.js';
import type { Transport } from '../flash/transport.js';
import { SerialTransport } from '../flash/serial-transport.js';
import type { BekenSession } from '../jobs/beken-device.js';
import { connectBeken, expectedFamily } from '../jobs/beken-connect.js';
import type { OpenTransport } from '../jobs/connect.js';
import type { CommonOptions } from './run.js';
import type { BouffaloArgs } from './flash-bouffalo-connect.js';
import { portOpenError } from './serial-errors.js';
import { numberOption } from './numbers.js';

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
    .option('chip', { type: 'string', default: 'auto', describe: `expected family: auto (Beken or Bouffalo, whichever answers), ${FAMILIES.map((f) => f.toLowerCase()).join(', ')}; or bl602, bl702, bl616 (also bl618), bl (Bouffalo, identified by its boot ROM)` })
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

/** Opens the port, links (asking for a reset when needed), switches baud and identifies the chip. */
export async function openSession(args: ConnectArgs, say: (line: string) => void): Promise<Session> {
  const family = expectedFamily(args.chip);
  const { reset, romBaud = 500000 } = args as Partial<BouffaloArgs>;
  const options = { family, orBouffalo: args.chip === 'auto' ? { romBaud } : undefined, baud: args.baud, linkTimeoutMs: args.linkTimeout * 1000, reset };
  return connectBeken(portOpener(args.port), options, say);
}

export { checkRange, hex, rate } from '../jobs/job-error.js';
