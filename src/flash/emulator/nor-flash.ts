/**
 * An SPI NOR flash in memory: addresses wrap at the size (24-bit addressing ignores the high bits),
 * erase sets bytes to 0xFF, programming can only clear bits (AND), and a simple status-register
 * protection model: any block-protect bit (BP0-BP4) or CMP set protects the whole array, and
 * blocked erases and programs change nothing.
 */

/** BP0-BP4 in SR1 and CMP (bit 14 of SR2 << 8 | SR1). */
export const PROTECT_BITS = 0x407c;
const WIP = 0x01;

export class NorFlash {
  readonly data: Uint8Array;
  /** SR2 << 8 | SR1, without WIP/WEL. */
  status = 0;
  /** performance.now() until which a status-register write keeps WIP set. */
  busyUntil = 0;

  constructor(image: Uint8Array, readonly size: number) {
    if (size & (size - 1)) throw new RangeError('flash size must be a power of two');
    this.data = new Uint8Array(size).fill(0xff);
    this.data.set(image.subarray(0, size));
  }

  get protectedArray(): boolean {
    return (this.status & PROTECT_BITS) !== 0;
  }

  wrap(address: number): number {
    return address & (this.size - 1);
  }

  /** `length` bytes from `address`, wrapping at the end of the flash. */
  read(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const at = this.wrap(address + done);
      const n = Math.min(length - done, this.size - at);
      out.set(this.data.subarray(at, at + n), done);
      done += n;
    }
    return out;
  }

  /** Erases the aligned block of `blockSize` containing `address`; false when protection blocked it. */
  erase(address: number, blockSize: number): boolean {
    if (this.protectedArray) return false;
    const start = this.wrap(address) & ~(blockSize - 1);
    this.data.fill(0xff, start, start + blockSize);
    return true;
  }

  /** Programs bytes (AND into the array), wrapping inside each 256-byte page like SPI page program. */
  program(address: number, bytes: Uint8Array): boolean {
    if (this.protectedArray) return false;
    for (let i = 0; i < bytes.length; i++) {
      const page = (address + i) & ~0xff;
      const at = this.wrap(page + ((address + i) & 0xff));
      this.data[at] = this.data[at]! & bytes[i]!;
    }
    return true;
  }

  /** Status register as the read opcode returns it: 05 = SR1, 35 = SR2, 15 = SR3 (always 0 here). */
  readStatus(opcode: number, now: number): number {
    const busy = now < this.busyUntil ? WIP : 0;
    if (opcode === 0x05) return (this.status & 0xff) | busy;
    if (opcode === 0x35) return (this.status >> 8) & 0xff;
    return 0;
  }

  /** The status register ignores writes: the WP pin held low with SRP0 set, or SRP1 locking it until power-off. */
  statusLocked = false;

  writeStatus(values: Uint8Array, now: number, busyMs: number): void {
    this.busyUntil = now + busyMs;
    if (this.statusLocked) return;
    const sr1 = values[0]! & 0xfc;
    const sr2 = values.length > 1 ? values[1]! : (this.status >> 8) & 0xff;
    this.status = (sr2 << 8) | sr1;
  }
}
