/**
 * Opening a Beken chip for a job: link at 115200 (asking for a reset when it does not answer), switch to
 * the transfer rate, identify at a rate that works. Under --chip auto the link alternates with the
 * Bouffalo boot ROM handshake, and a Bouffalo answer comes back as BouffaloAnswered with the port open.
 */
import { BekenClient, ProtocolError } from '../flash/beken/client.js';
import { FAMILIES, parseFamily, type BekenFamily } from '../flash/beken/families.js';
import { identifyAtWorkingRate, LinkError, linkChip, switchBaud, WrongChipError } from '../flash/beken/session.js';
import { detectFamily } from '../flash/detect-family.js';
import type { Transport } from '../flash/transport.js';
import type { BekenSession } from './beken-device.js';
import { closeAndThrow, type LinkTiming, type OpenTransport } from './connect.js';
import { JobError } from './job-error.js';
import type { Say } from './ports.js';

export interface BekenConnectOptions extends LinkTiming {
  /** The family the chip must be (--chip), or null for whichever Beken answers. */
  family: BekenFamily | null;
  /** --chip auto: a Bouffalo boot ROM handshake at this baud between the link attempts. */
  orBouffalo?: { romBaud: number };
}

/** Thrown under "auto" when a Bouffalo chip answered instead: the port, still open, for the Bouffalo path. */
export class BouffaloAnswered extends Error {
  constructor(readonly transport: Transport) {
    super('a Bouffalo chip answered');
    this.name = 'BouffaloAnswered';
  }
}

/** The family named by --chip, or null for "auto"; anything else is a usage error. */
export function expectedFamily(chip: string): BekenFamily | null {
  if (chip === 'auto') return null;
  const family = parseFamily(chip);
  if (!family) throw new JobError(`--chip ${chip}: unknown family; use auto or one of ${FAMILIES.map((f) => f.toLowerCase()).join(', ')}`, 'usage');
  return family;
}

/** Beken link and identification failures as job errors (a chip of another family is a refusal); anything else passes through. */
export function bekenFailure(error: unknown): unknown {
  if (error instanceof WrongChipError) return new JobError(error.message, 'refused');
  if (error instanceof LinkError || error instanceof ProtocolError) return new JobError(error.message, 'device');
  return error;
}

export async function connectBeken(open: OpenTransport, options: BekenConnectOptions, say: Say): Promise<BekenSession> {
  const expected = options.family;
  const transport = await open(115200);
  try {
    const client = new BekenClient(transport);
    if (options.orBouffalo) {
      const detect = { port: transport.path, linkTimeout: options.linkTimeoutMs / 1000, romBaud: options.orBouffalo.romBaud, reset: options.reset ?? 'auto', strandedRates: [options.baud] };
      if ((await detectFamily(transport, detect, say)) === 'bouffalo') throw new BouffaloAnswered(transport); // linked when Beken
    } else {
      // a chip left at the transfer rate by an earlier run answers there, not at 115200
      await linkChip(client, { timeoutMs: options.linkTimeoutMs, onPrompt: say, onNote: say, strandedRates: [options.baud], reset: options.reset });
    }
    await switchBaud(client, options.baud, (warning) => say(`warning: ${warning}`));
    const info = await identifyAtWorkingRate(client, expected, say);
    for (const warning of info.warnings) say(`warning: ${warning}`);
    return { client, info, onNote: (line) => say(`warning: ${line}`), close: () => transport.close() };
  } catch (error) {
    if (error instanceof BouffaloAnswered) throw error;
    return closeAndThrow(transport, error, bekenFailure);
  }
}
