/**
 * The wire between an emulated chip and the program on the other end of its pseudo-terminal. A pty
 * carries bytes at any rate, so the rate the client has set is read from the terminal and applied as a
 * real UART would: when it differs from the chip's own rate, what crosses the wire in either direction
 * becomes what a receiver at the other rate makes of it (mostly garbage, often nothing).
 *
 * The rate is asked as bytes arrive (the client sets it before it writes, and may change it soon
 * after: a flasher switching rates does) and before a reply sent right after the chip changed its
 * own rate. Where asking costs a process (no kernel call, see terminal-baud.ts), a recent answer
 * stands while the rates agree, and is asked again eagerly while they differ.
 */
import { receiveAtRate } from './uart-line.js';
import type { TerminalBaudReader } from './terminal-baud.js';

/** While the rates agree, a process-costly reading this old is asked again when bytes arrive. */
const STEADY_MS = 250;
/** While they differ, readings are shared only this briefly: the client is likely to move. */
const EAGER_MS = 20;

export class HostLine {
  constructor(private readonly reader: TerminalBaudReader | null) {}

  private async hostRate(chipRate: number, maxAgeMs: number): Promise<number> {
    if (!this.reader) return chipRate;
    return (await this.reader.read(maxAgeMs)) || chipRate;
  }

  /**
   * The client's rate for bytes arriving now, judged by a chip at `chipRate`; ask it the moment they
   * arrive, then give the answer to `received`.
   */
  async arrivalRate(chipRate: number): Promise<number> {
    const host = await this.hostRate(chipRate, STEADY_MS);
    return host === chipRate ? host : this.hostRate(chipRate, EAGER_MS);
  }

  /** What the chip receives at `chipRate` of bytes the client sent at `hostRate`. */
  received(data: Uint8Array, hostRate: number, chipRate: number): Uint8Array {
    return receiveAtRate(data, hostRate, chipRate);
  }

  /** What the client receives of bytes the chip sends at `chipRate`; `fresh` right after the chip changed rate. */
  async sent(data: Uint8Array, chipRate: number, fresh = false): Promise<Uint8Array> {
    const host = await this.hostRate(chipRate, fresh ? 0 : STEADY_MS);
    return receiveAtRate(data, chipRate, host);
  }

  /** The rate the client's end is set to now (for a chip that adapts to it, as an auto-baud ROM does). */
  clientRate(fallback: number): Promise<number> {
    return this.hostRate(fallback, 0);
  }

  close(): void {
    this.reader?.close();
  }
}
