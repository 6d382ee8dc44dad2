/** `--chip auto`: which family answers on the port, Beken (LinkCheck) or Bouffalo (boot ROM handshake). */
import { BekenClient } from '../flash/beken/client.js';
import { LinkError, linkChip, RESET_PROMPT } from '../flash/beken/session.js';
import { handshake } from '../flash/bouffalo/handshake.js';
import { resetIntoRom } from '../flash/bouffalo/reset.js';
import { SerialTransport } from '../flash/transport.js';
import { isBouffaloChip, type BouffaloArgs } from './flash-bouffalo-connect.js';
import type { ConnectArgs } from './flash-connect.js';

/** Thrown by the Beken path under --chip auto when a Bouffalo chip answered instead; see byFamily. */
export class BouffaloAnswered extends Error {
  /** The port it answered on, still open: the Bouffalo path goes on with it instead of opening the port again. */
  constructor(readonly transport: SerialTransport) {
    super('a Bouffalo chip answered');
    this.name = 'BouffaloAnswered';
  }
}

/** How long each round of Beken link attempts lasts before one Bouffalo handshake is tried. */
export const BEKEN_ROUND_MS = 2500;

/**
 * Alternates Beken link attempts with one Bouffalo ROM handshake on the open port until one answers or
 * --link-timeout passes; returns the family that answered (the port stays open, at 115200 for Beken).
 */
export async function detectFamily(transport: SerialTransport, args: BouffaloArgs, say: (line: string) => void): Promise<'beken' | 'bouffalo'> {
  const deadline = Date.now() + args.linkTimeout * 1000;
  for (let round = 0; Date.now() < deadline; round++) {
    if (round === 1) say(`${RESET_PROMPT} (a BL602/BL702 also needs BOOT held high during the reset)`);
    await transport.setBaudRate(115200);
    try {
      await linkChip(new BekenClient(transport), { timeoutMs: Math.min(BEKEN_ROUND_MS, deadline - Date.now()), promptAfterMs: Infinity });
      return 'beken';
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
    }
    if (Date.now() >= deadline) break;
    await transport.setBaudRate(args.romBaud);
    await resetIntoRom(transport, args.reset);
    if (await handshake(transport, { chip: 'auto', attempts: 1 })) return 'bouffalo';
  }
  throw new LinkError(
    `neither a Beken nor a Bouffalo (BL602/BL702) chip answered on ${args.port} within ${args.linkTimeout} s: check the wiring (adapter TX to the chip's RX, RX to its TX, common GND), then reset or power-cycle the device while fwkit is trying (a BL602/BL702 with BOOT held high)`,
  );
}

/**
 * Runs a verb on the family --chip names. Under auto the Beken path runs first (its own checks of files
 * before the port), and its openSession detects the family; when a Bouffalo chip answered, the Bouffalo
 * path runs instead, as with --chip bl.
 */
export async function byFamily<A extends ConnectArgs>(args: A, beken: (args: A) => Promise<number>, bouffalo: (args: A) => Promise<number>): Promise<number> {
  if (isBouffaloChip(args.chip)) return bouffalo(args);
  try {
    return await beken(args);
  } catch (error) {
    if (!(error instanceof BouffaloAnswered)) throw error;
    try {
      return await bouffalo({ ...args, chip: 'bl', openPort: error.transport });
    } finally {
      await error.transport.close();
    }
  }
}
