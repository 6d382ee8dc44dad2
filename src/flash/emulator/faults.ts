/**
 * Fault injection for the chip emulator, reproducible from a seed: damaged and lost replies, lost
 * bytes, corrupted incoming write data, failed or ignored commands, and a chip that stops answering.
 */

export interface FaultOptions {
  /** Probability that a reply gets one byte flipped, and that incoming write data gets one byte flipped. */
  corruptRate?: number;
  /** Probability that a reply is not sent at all. */
  dropRate?: number;
  /** Probability that one byte of a reply goes missing. */
  loseByteRate?: number;
  /** The next N flash commands fail with status 3 (flash timeout) and do nothing. */
  failCommands?: number;
  /** The next N commands are received but neither executed nor answered. */
  ignoreCommands?: number;
  /** After this many commands the chip goes silent (as if unplugged). */
  stopAfterCommands?: number;
  /** A marginal line: above this baud, replies and incoming data get one byte flipped with `marginalRate`. */
  marginalAboveBaud?: number;
  /** Probability of a damaged reply above `marginalAboveBaud` (default 0.3). */
  marginalRate?: number;
  /**
   * The next N replies that identify the chip (chip id, boot info, flash id) come back with one bit of
   * the identifying byte flipped, a different bit each time, as line noise would damage them.
   */
  corruptIdReplies?: number;
  /** The chip cannot take a rate above this: a SetBaudRate to one is lost (no switch, no answer). */
  maxBaud?: number;
  seed?: number;
}

export class FaultInjector {
  private state: number;
  private failLeft: number;
  private ignoreLeft: number;
  private commandsSeen = 0;
  private silentAfter: number | undefined;
  private idCorruptionsLeft: number;
  /** Identification replies damaged so far. */
  idRepliesCorrupted = 0;
  silent = false;

  constructor(readonly options: FaultOptions = {}) {
    this.state = (options.seed ?? 0x1234567) >>> 0 || 1;
    this.failLeft = options.failCommands ?? 0;
    this.ignoreLeft = options.ignoreCommands ?? 0;
    this.silentAfter = options.stopAfterCommands;
    this.idCorruptionsLeft = options.corruptIdReplies ?? 0;
  }

  /** An identification reply, with bit k of byte `index` flipped for the k-th of the `corruptIdReplies`. */
  damageId(reply: Uint8Array, index: number): Uint8Array {
    if (this.idCorruptionsLeft <= 0 || index >= reply.length) return reply;
    this.idCorruptionsLeft--;
    const copy = reply.slice();
    copy[index] ^= 1 << this.idRepliesCorrupted++ % 8;
    return copy;
  }

  /** xorshift32: fast, seeded, good enough for fault dice. */
  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }

  private roll(rate: number | undefined): boolean {
    return !!rate && this.random() < rate;
  }

  private index(length: number): number {
    return Math.floor(this.random() * length);
  }

  /** Called for every received command: what to do with it. */
  admit(isFlashCommand: boolean): 'run' | 'ignore' | 'fail' {
    this.commandsSeen++;
    if (this.silentAfter !== undefined && this.commandsSeen > this.silentAfter) this.silent = true;
    if (this.silent) return 'ignore';
    if (this.ignoreLeft > 0) {
      this.ignoreLeft--;
      return 'ignore';
    }
    if (isFlashCommand && this.failLeft > 0) {
      this.failLeft--;
      return 'fail';
    }
    return 'run';
  }

  /** The corruption probability at `baud`: the configured rate, or the marginal line's above its limit. */
  private corruptRateAt(baud: number | undefined): number | undefined {
    const { marginalAboveBaud, marginalRate = 0.3, corruptRate } = this.options;
    if (marginalAboveBaud !== undefined && baud !== undefined && baud > marginalAboveBaud) return Math.max(marginalRate, corruptRate ?? 0);
    return corruptRate;
  }

  /** Incoming data to be programmed, possibly with one byte flipped. */
  damageIncoming(data: Uint8Array, baud?: number): Uint8Array {
    if (!this.roll(this.corruptRateAt(baud)) || data.length === 0) return data;
    const copy = data.slice();
    copy[this.index(copy.length)] ^= 1 << this.index(8);
    return copy;
  }

  /** The reply as it reaches the wire: maybe damaged, shortened, or gone (null). */
  damageReply(reply: Uint8Array, baud?: number): Uint8Array | null {
    if (this.roll(this.options.dropRate)) return null;
    let out = reply;
    if (this.roll(this.corruptRateAt(baud))) {
      out = out.slice();
      out[this.index(out.length)] ^= 1 << this.index(8);
    }
    if (this.roll(this.options.loseByteRate)) {
      const at = this.index(out.length);
      out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
    }
    return out;
  }

  /** Goes silent once `count` commands (counted from power-on) have been received. */
  stopAfter(count: number): void {
    this.silentAfter = count;
  }

  /** Brings a silent chip back (a power cycle); counters restart. */
  revive(): void {
    this.silent = false;
    this.commandsSeen = 0;
    this.silentAfter = undefined;
  }
}
