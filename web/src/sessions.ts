/**
 * The page's side of opening a chip: the Web Serial port the user picked, opened at the rate the job
 * asks for, and the choices of the page's form. Linking, identifying and loading the eflash_loader are
 * the same jobs the CLI's flash commands run (src/jobs/beken-connect.ts, bouffalo-connect.ts).
 */
import type { BouffaloChip } from '../../src/flash/bouffalo/boot-info.js';
import type { LoaderFile } from '../../src/flash/bouffalo/client.js';
import type { Transport } from '../../src/flash/transport.js';
import { WebSerialTransport, type WebSerialPort } from '../../src/flash/web-serial-transport.js';
import { connectBeken, expectedFamily } from '../../src/jobs/beken-connect.js';
import type { BekenSession } from '../../src/jobs/beken-device.js';
import { connectBouffalo } from '../../src/jobs/bouffalo-connect.js';
import type { BouffaloTarget } from '../../src/jobs/bouffalo-device.js';
import type { OpenTransport } from '../../src/jobs/connect.js';
import { JobError } from '../../src/jobs/job-error.js';
import { isBouffaloWord, kindOf } from '../../src/jobs/chip-words.js';
import type { Say } from '../../src/jobs/ports.js';

export interface SessionOptions {
  /** A word of the CLI's --chip vocabulary (src/jobs/chip-words.ts): a family, beken, bouffalo or auto. */
  chip: string;
  /** Transfer baud rate after linking at 115200 (Beken) or once the eflash_loader runs (Bouffalo). */
  baud: number;
  linkTimeoutMs: number;
  /** Bouffalo only: the eflash_loader image the user picked. */
  loader: LoaderFile | null;
  /** Under auto: the port the Beken link left open when a Bouffalo boot ROM answered instead. */
  answered?: Transport;
}

/** The Bouffalo boot ROM runs on its internal RC oscillator: the handshake and upload stay at 500 kbaud. */
const BOUFFALO_ROM_BAUD = 500_000;

const opener = (port: WebSerialPort): OpenTransport => (baudRate) => WebSerialTransport.open(port, baudRate);

/**
 * A Beken chip as the CLI opens one for the same word: a family is checked against the chip; under auto
 * the Bouffalo handshake alternates with the link, and a Bouffalo answer comes back as BouffaloAnswered.
 */
export function openBeken(port: WebSerialPort, options: SessionOptions, say: Say): Promise<BekenSession> {
  const family = kindOf(options.chip) === 'family' ? expectedFamily(options.chip) : null;
  const orBouffalo = options.chip === 'auto' ? { romBaud: BOUFFALO_ROM_BAUD } : undefined;
  return connectBeken(opener(port), { family, orBouffalo, baud: options.baud, linkTimeoutMs: options.linkTimeoutMs }, say);
}

/** The boot ROM's name for the chip a word names; a BL618 answers as the BL616 it is, a vendor word or auto takes what answers. */
function bouffaloChip(word: string): BouffaloChip | 'auto' {
  if (word === 'bl618') return 'bl616';
  return isBouffaloWord(word) && word !== 'bouffalo' ? (word as BouffaloChip) : 'auto';
}

export function openBouffalo(port: WebSerialPort, options: SessionOptions, say: Say): Promise<BouffaloTarget> {
  const answered = options.answered;
  if (!answered) say('reset the module with BOOT held high (see Wiring) if it does not answer');
  return connectBouffalo(
    answered ? async () => answered : opener(port),
    {
      chip: bouffaloChip(options.chip),
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
