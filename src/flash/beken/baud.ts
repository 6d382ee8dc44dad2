/**
 * Line speed: the switch to a transfer rate (checked by the chip's echo at the new rate, with a way
 * back when it fails), and the step down the rates when a transfer keeps failing at one.
 */
import { BekenClient, NoReplyError, ProtocolError } from './client.js';

export { lowerRate, RATE_LADDER } from '../rate-ladder.js';

/** The link rate: the download window always opens at this rate. */
export const LINK_BAUD = 115_200;

/** Finds the rate the chip answers at among `rates`; null when it answers at none. */
async function findChipRate(client: BekenClient, rates: number[], waitMs: number): Promise<number | null> {
  for (const rate of rates) {
    await client.transport.setBaudRate(rate);
    await client.transport.drain(10, 200);
    if (await client.linkCheck(waitMs)) return rate;
  }
  return null;
}

/**
 * Switches to `baudRate`; when the chip's echo does not come back, finds out where the chip is (the new
 * rate, the old one when the command was lost, or the link rate) and tries again; after three failures
 * it stays where the chip answers. Returns the rate in use.
 */
export async function switchBaud(client: BekenClient, baudRate: number, onWarning?: (message: string) => void): Promise<number> {
  const previous = client.transport.baudRate;
  if (baudRate === previous) return baudRate;
  const candidates = [...new Set([baudRate, previous, LINK_BAUD])];
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await client.setBaudRate(baudRate);
      await client.transport.drain(5, 100);
      return baudRate;
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      if ((await findChipRate(client, candidates, 200)) === baudRate) return baudRate;
    }
  }
  const rate = await findChipRate(client, candidates.slice(1), 500);
  if (rate === null) throw new NoReplyError('LinkCheck after the failed baud switch');
  onWarning?.(`the switch to ${baudRate} baud failed three times; continuing at ${rate} baud (try a lower --baud or another adapter)`);
  return rate;
}

/**
 * The end of a session that raised the rate: the chip goes back to the link rate, where other tools
 * (ltchiptool, bk7231tools) and the next session look for it. Best effort: false when it did not confirm
 * (the chip gone, or stopped answering), which the caller need not report.
 */
export async function returnToLinkRate(client: BekenClient): Promise<boolean> {
  if (client.transport.baudRate === LINK_BAUD) return true;
  try {
    await client.transport.drain(5, 50);
    await client.setBaudRate(LINK_BAUD);
    return true;
  } catch {
    return false;
  }
}
