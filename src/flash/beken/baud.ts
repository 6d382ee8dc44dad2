/**
 * Line speed: the switch to a transfer rate (checked by the chip's echo at the new rate, with a way
 * back when it fails), and the step down the rates when a transfer keeps failing at one.
 */
import { BekenClient, NoReplyError, ProtocolError } from './client.js';

import { lowerRate } from '../rate-ladder.js';

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
 * Tries `attempts` times to switch to `rate`, checked by the chip's echo; after a lost echo, finds out
 * where the chip is (the new rate, `from` when the command was lost, or the link rate). True when the
 * chip answers at `rate`; otherwise the port is left at the rate the chip answers at, if any.
 */
async function trySwitch(client: BekenClient, rate: number, from: number, attempts: number): Promise<boolean> {
  const candidates = [...new Set([rate, from, LINK_BAUD])];
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      await client.setBaudRate(rate);
      await client.transport.drain(5, 100);
      return true;
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      if ((await findChipRate(client, candidates, 200)) === rate) return true;
    }
  }
  return false;
}

/**
 * Switches to `baudRate`; after three failures (an adapter or a chip that cannot hold that rate) tries
 * each lower rate of the ladder once, and stays where the chip answers when none holds. Returns the rate
 * in use; a warning says when it is not the one asked for.
 */
export async function switchBaud(client: BekenClient, baudRate: number, onWarning?: (message: string) => void): Promise<number> {
  const previous = client.transport.baudRate;
  if (baudRate === previous) return baudRate;
  if (await trySwitch(client, baudRate, previous, 3)) return baudRate;
  const settle = (rate: number) => {
    onWarning?.(`the switch to ${baudRate} baud failed three times; continuing at ${rate} baud (try a lower --baud or another adapter)`);
    return rate;
  };
  for (let rate = lowerRate(baudRate); rate !== null && rate > previous && rate > LINK_BAUD; rate = lowerRate(rate)) {
    if (await trySwitch(client, rate, previous, 1)) return settle(rate);
  }
  const rate = await findChipRate(client, [...new Set([previous, LINK_BAUD])], 500);
  if (rate === null) throw new NoReplyError('LinkCheck after the failed baud switch');
  return settle(rate);
}

/**
 * The end of a session that raised the rate: the chip goes back to the link rate, where other tools
 * (ltchiptool, bk7231tools) and the next session look for it. Best effort: false when it did not confirm
 * (the chip gone, or stopped answering), which the caller need not report.
 */
export async function returnToLinkRate(client: BekenClient): Promise<boolean> {
  const from = client.transport.baudRate;
  if (from === LINK_BAUD) return true;
  try {
    await client.transport.drain(5, 50);
    // A lost echo does not mean the chip stayed: trySwitch looks for it at both rates, and tries once more.
    return await trySwitch(client, LINK_BAUD, from, 2);
  } catch {
    return false;
  }
}
