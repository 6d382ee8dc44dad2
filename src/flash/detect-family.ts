/** Which family answers on a port: Beken (LinkCheck) or Bouffalo (boot ROM handshake). */
import { BekenClient } from './beken/client.js';
import { LinkError, linkChip, RESET_PROMPT } from './beken/session.js';
import { handshake } from './bouffalo/handshake.js';
import { resetIntoRom, type ResetMode } from './bouffalo/reset.js';
import type { Transport } from './transport.js';

export interface DetectOptions {
  port: string;
  /** Seconds to keep trying. */
  linkTimeout: number;
  /** Baud rate of the Bouffalo boot ROM handshake. */
  romBaud: number;
  reset: ResetMode;
  /** Transfer rates a Beken chip may have been left at besides the usual ones (e.g. --baud). */
  strandedRates?: number[];
}

/** How long each round of Beken link attempts lasts before one Bouffalo handshake is tried. */
export const BEKEN_ROUND_MS = 2500;

/**
 * Alternates Beken link attempts with one Bouffalo ROM handshake on the open port until one answers or
 * --link-timeout passes; returns the family that answered (the port stays open, at 115200 for Beken).
 */
export async function detectFamily(transport: Transport, args: DetectOptions, say: (line: string) => void): Promise<'beken' | 'bouffalo'> {
  const deadline = Date.now() + args.linkTimeout * 1000;
  for (let round = 0; Date.now() < deadline; round++) {
    if (round === 1) say(`${RESET_PROMPT} (a BL602/BL702 also needs BOOT held high during the reset)`);
    await transport.setBaudRate(115200);
    try {
      // Every third round looks for a chip left at a transfer rate: the others keep hammering at the
      // link rate, so as not to miss a short download window after a manual reset.
      await linkChip(new BekenClient(transport), {
        timeoutMs: Math.min(BEKEN_ROUND_MS, deadline - Date.now()),
        promptAfterMs: Infinity,
        strandedRates: round % 3 === 0 ? (args.strandedRates ?? []) : false,
        onNote: say,
      });
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

