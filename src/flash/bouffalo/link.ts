/**
 * The part of the byte pipe that the Bouffalo client and emulator use. Any `Transport`
 * (src/flash/transport.ts) fits it; keeping it narrow lets the protocol be tested in memory.
 */
export interface IspLink {
  readonly path: string;
  readonly baudRate: number;
  write(data: Uint8Array): Promise<void>;
  /** Exactly `length` bytes, or a rejection when they do not arrive within `timeoutMs`. */
  read(length: number, timeoutMs: number): Promise<Uint8Array>;
  /** Whatever arrives until the line has been quiet for `quietMs`. */
  drain(quietMs: number, maxMs?: number): Promise<Uint8Array>;
  setBaudRate(baudRate: number): Promise<void>;
  setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<boolean>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
