/**
 * What opening a chip for a job needs from its face, for both vendors: a way to open the port at a rate
 * (Node: a serial port by path; the page: the Web Serial port the user picked) and how long to keep
 * trying. The session itself is opened by beken-connect.ts or bouffalo-connect.ts, for the CLI and the
 * page alike.
 */
import type { Transport } from '../flash/transport.js';

/** Opens the port at `baudRate`; the face turns its own failures (no such port, busy) into sentences. */
export type OpenTransport = (baudRate: number) => Promise<Transport>;

export interface LinkTiming {
  /** Transfer baud rate once linked (Beken) or once the eflash_loader runs (Bouffalo). */
  baud: number;
  /** How long to keep trying to reach the chip (--link-timeout). */
  linkTimeoutMs: number;
  /** How DTR/RTS reset the chip (--reset): a name or a sequence; undefined is "auto". */
  reset?: string;
}

/** Closes the transport after a failed open and passes the failure on, as `failure` maps it. */
export async function closeAndThrow(transport: Transport, error: unknown, failure: (error: unknown) => unknown): Promise<never> {
  await transport.close();
  throw failure(error);
}
