/**
 * The page's side of opening a chip: the Web Serial port the user picked, opened at the rate the job
 * asks for, and the choices of the page's form. Linking, identifying and loading the eflash_loader are
 * the same jobs the CLI's flash commands run (src/jobs/beken-connect.ts, bouffalo-connect.ts).
 */
import type { LoaderFile } from '../../src/flash/bouffalo/client.js';
import { WebSerialTransport, type WebSerialPort } from '../../src/flash/web-serial-transport.js';
import { connectBeken } from '../../src/jobs/beken-connect.js';
import type { BekenSession } from '../../src/jobs/beken-device.js';
import { connectBouffalo } from '../../src/jobs/bouffalo-connect.js';
import type { BouffaloTarget } from '../../src/jobs/bouffalo-device.js';
import type { OpenTransport } from '../../src/jobs/connect.js';
import { JobError } from '../../src/jobs/job-error.js';
import type { Say } from '../../src/jobs/ports.js';

export type ChipChoice = 'beken' | 'bl602' | 'bl702';

export interface SessionOptions {
  chip: ChipChoice;
  /** Transfer baud rate after linking at 115200 (Beken) or once the eflash_loader runs (Bouffalo). */
  baud: number;
  linkTimeoutMs: number;
  /** Bouffalo only: the eflash_loader image the user picked. */
  loader: LoaderFile | null;
}

/** The Bouffalo boot ROM runs on its internal RC oscillator: the handshake and upload stay at 500 kbaud. */
const BOUFFALO_ROM_BAUD = 500_000;

const opener = (port: WebSerialPort): OpenTransport => (baudRate) => WebSerialTransport.open(port, baudRate);

export function openBeken(port: WebSerialPort, options: SessionOptions, say: Say): Promise<BekenSession> {
  return connectBeken(opener(port), { family: null, baud: options.baud, linkTimeoutMs: options.linkTimeoutMs }, say);
}

export function openBouffalo(port: WebSerialPort, options: SessionOptions, say: Say): Promise<BouffaloTarget> {
  say('reset the module with BOOT held high (see Wiring) if it does not answer');
  return connectBouffalo(
    opener(port),
    {
      chip: options.chip === 'beken' ? 'auto' : options.chip,
      romBaud: BOUFFALO_ROM_BAUD,
      baud: options.baud,
      linkTimeoutMs: options.linkTimeoutMs,
      loader: async (chip) => {
        if (!options.loader) throw new JobError(`the ${chip.toUpperCase()} needs its eflash_loader: pick the loader file (eflash_loader_40m.bin from the vendor's flash tool) first`, 'usage');
        return options.loader;
      },
    },
    say,
  );
}
