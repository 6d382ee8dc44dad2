/**
 * One command at a time to a Beken chip in download mode: frames it, waits for the matching reply with
 * a timeout derived from the baud rate, checks code, echoes and status. No retries here (see operations).
 */
import { latin1Of } from '../../formats/bytes.js';
import type { Transport } from '../transport.js';
import { TransportTimeoutError } from '../transport.js';
import { EraseSize, FlashOp, Op, Status, longCommand, readU32, shortCommand, u32, type Reply } from './frames.js';
import { readReply } from './reply-reader.js';
import { SECTOR_SIZE } from './families.js';

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** The chip did not answer in time (after the reply-length-aware timeout). */
export class NoReplyError extends ProtocolError {
  constructor(what: string) {
    super(`the chip did not answer ${what} in time`);
    this.name = 'NoReplyError';
  }
}

export interface ClientOptions {
  /** Fixed slack added to every reply wait, for loaded hosts and adapter latency. */
  marginMs?: number;
  attempts?: number;
}

interface Expect {
  long: boolean;
  code: number;
  /** Reply bytes on the wire, for the timeout. */
  replyBytes: number;
  /** Time the chip itself needs (flash erase, CRC), for the timeout. */
  workMs?: number;
  what: string;
}

export class BekenClient {
  marginMs: number;
  /** Tries per command before an error reaches the caller. */
  attempts: number;
  /** Bootloader chips count CheckCRC's end exclusively, ROM chips inclusively; set by identification. */
  crcEndInclusive = true;
  /** Bootloader chips re-protect the flash after CheckCRC until the next LinkCheck. */
  relinkAfterCrc = false;

  constructor(
    readonly transport: Transport,
    options: ClientOptions = {},
  ) {
    this.marginMs = options.marginMs ?? 500;
    this.attempts = options.attempts ?? 2;
  }

  /** Milliseconds `bytes` take on the wire at the current rate (10 bits per byte). */
  wireMs(bytes: number): number {
    return (bytes * 10 * 1000) / this.transport.baudRate;
  }

  /** Sends a command and checks its reply; a lost, torn or wrong reply is retried (commands are idempotent). */
  private async exchange<T>(frame: Uint8Array, expect: Expect, check: (reply: Reply) => T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transport.write(frame, { waitSent: false });
        return check(await this.awaitReply(expect, this.wireMs(frame.length)));
      } catch (error) {
        if (!(error instanceof ProtocolError) || attempt >= this.attempts) throw error;
        await this.transport.drain(10, 1000);
      }
    }
  }

  private async awaitReply(expect: Expect, extraMs = 0): Promise<Reply> {
    const deadline = Date.now() + extraMs + this.wireMs(expect.replyBytes) + (expect.workMs ?? 0) + this.marginMs;
    try {
      for (;;) {
        const reply = await readReply(this.transport, deadline);
        if (reply.long === expect.long && reply.code === expect.code) return reply;
      }
    } catch (error) {
      if (error instanceof TransportTimeoutError) throw new NoReplyError(expect.what);
      throw error;
    }
  }

  /** Throws unless a long reply has status OK and echoes `echo` at its start. */
  private checkLong(reply: Reply, what: string, echo: number[]): Uint8Array {
    if (reply.status !== Status.ok) throw new ProtocolError(`${what} failed with chip status ${reply.status}${statusName(reply.status!)}`);
    for (let i = 0; i < echo.length; i++) {
      if (reply.payload[i] !== echo[i]) throw new ProtocolError(`${what}: the chip echoed other parameters than were sent`);
    }
    return reply.payload.subarray(echo.length);
  }

  /** One LinkCheck with a short wait; true when the chip answered `04 0E 05 01 E0 FC 01 00`. */
  async linkCheck(waitMs: number): Promise<boolean> {
    await this.transport.write(shortCommand(Op.linkCheck), { waitSent: false });
    const deadline = Date.now() + waitMs;
    try {
      for (;;) {
        const reply = await readReply(this.transport, deadline);
        if (!reply.long && reply.code === 0x01 && reply.payload.length === 1 && reply.payload[0] === 0) return true;
      }
    } catch (error) {
      if (error instanceof TransportTimeoutError) return false;
      throw error;
    }
  }

  /** Switches both sides to `baudRate`; throws when the echo does not come back at the new rate. */
  async setBaudRate(baudRate: number, delayMs = 50): Promise<void> {
    const frame = shortCommand(Op.setBaudRate, [...u32(baudRate), delayMs]);
    await this.transport.write(frame);
    // The chip switches at once and answers after delayMs; switch during that pause.
    await sleep(Math.max(1, Math.floor(delayMs / 3)));
    await this.transport.setBaudRate(baudRate);
    const reply = await this.awaitReply({ long: false, code: Op.setBaudRate, replyBytes: 12, workMs: delayMs, what: `the switch to ${baudRate} baud` });
    if (readU32(reply.payload, 0) !== baudRate || reply.payload[4] !== delayMs) {
      throw new ProtocolError(`the chip echoed another baud rate than ${baudRate}`);
    }
  }

  async readRegister(address: number): Promise<number> {
    return this.exchange(shortCommand(Op.readReg, u32(address)), { long: false, code: Op.readReg, replyBytes: 15, what: 'ReadReg' }, (reply) => {
      if (reply.payload.length < 8 || readU32(reply.payload, 0) !== address) throw new ProtocolError('ReadReg: the chip echoed another address');
      return readU32(reply.payload, 4);
    });
  }

  async writeRegister(address: number, value: number): Promise<void> {
    await this.exchange(shortCommand(Op.writeReg, [...u32(address), ...u32(value)]), { long: false, code: Op.writeReg, replyBytes: 15, what: 'WriteReg' }, () => {});
  }

  /** Boot version string of Tuya bootloaders; null when the chip answers "unknown command". */
  async readBootVersion(): Promise<string | null> {
    return this.exchange(shortCommand(Op.readBootVersion), { long: false, code: Op.readBootVersion, replyBytes: 40, what: 'ReadBootVersion' }, (reply) =>
      reply.payload.length <= 1 ? null : latin1Of(reply.payload).replace(/[\0 ]+$/g, ''),
    );
  }

  /** JEDEC id (manufacturer, type, capacity) through the SPI pass-through command. */
  async readFlashId(): Promise<Uint8Array> {
    return this.exchange(longCommand(FlashOp.spiOp, [0x9f, 0, 0, 0]), { long: true, code: FlashOp.spiOp, replyBytes: 15, what: 'GetMID' }, (reply) =>
      this.checkLong(reply, 'GetMID', []).slice(1, 4),
    );
  }

  async readStatusRegister(readOpcode: number): Promise<number> {
    return this.exchange(longCommand(FlashOp.readSr, [readOpcode]), { long: true, code: FlashOp.readSr, replyBytes: 13, what: 'ReadSR' }, (reply) => {
      const value = this.checkLong(reply, 'ReadSR', [readOpcode]);
      if (value.length < 1) throw new ProtocolError('ReadSR: short reply');
      return value[0]!;
    });
  }

  async writeStatusRegister(values: number[]): Promise<void> {
    await this.exchange(longCommand(FlashOp.writeSr, [0x01, ...values]), { long: true, code: FlashOp.writeSr, replyBytes: 12 + values.length, what: 'WriteSR' }, (reply) =>
      this.checkLong(reply, 'WriteSR', [0x01, ...values]),
    );
  }

  /**
   * Raw chip CRC of [start, endExclusive) with the chip's end rule applied. On bootloader chips the
   * flash is re-protected by the CRC, so a LinkCheck follows it.
   */
  async checkCrc(start: number, endExclusive: number): Promise<number> {
    const end = this.crcEndInclusive ? endExclusive - 1 : endExclusive;
    const workMs = (endExclusive - start) / 20_000; // generous: 20 MB/s... plus the margin
    const crc = await this.exchange(shortCommand(Op.checkCrc, [...u32(start), ...u32(end)]), { long: false, code: Op.checkCrc, replyBytes: 11, workMs, what: 'CheckCRC' }, (reply) => {
      if (reply.payload.length < 4) throw new ProtocolError('CheckCRC: short reply');
      return readU32(reply.payload, 0);
    });
    if (this.relinkAfterCrc) await this.relink();
    return crc;
  }

  /** Re-arms the bootloader's erase unprotect: LinkCheck until answered (bounded). */
  async relink(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) if (await this.linkCheck(50 + this.marginMs / 2)) return;
    throw new NoReplyError('LinkCheck after CheckCRC');
  }

  async read4k(address: number): Promise<Uint8Array> {
    const what = `the 4 KiB read at 0x${address.toString(16)}`;
    return this.exchange(longCommand(FlashOp.read4k, u32(address)), { long: true, code: FlashOp.read4k, replyBytes: 15 + SECTOR_SIZE, what }, (reply) => {
      const data = this.checkLong(reply, what, u32(address));
      if (data.length !== SECTOR_SIZE) throw new ProtocolError(`${what}: ${data.length} data bytes instead of 4096`);
      return data;
    });
  }

  async erase(address: number, size: typeof EraseSize.sector4k | typeof EraseSize.block64k): Promise<void> {
    const workMs = size === EraseSize.block64k ? 2000 : 400;
    const what = `the erase at 0x${address.toString(16)}`;
    await this.exchange(longCommand(FlashOp.erase, [size, ...u32(address)]), { long: true, code: FlashOp.erase, replyBytes: 16, workMs, what }, (reply) =>
      this.checkLong(reply, what, [size, ...u32(address)]),
    );
  }

  async write4k(address: number, data: Uint8Array): Promise<void> {
    if (data.length !== SECTOR_SIZE) throw new RangeError('write4k needs exactly 4096 bytes');
    const payload = new Uint8Array(4 + SECTOR_SIZE);
    payload.set(u32(address), 0);
    payload.set(data, 4);
    const what = `the 4 KiB write at 0x${address.toString(16)}`;
    await this.exchange(longCommand(FlashOp.write4k, payload), { long: true, code: FlashOp.write4k, replyBytes: 15, workMs: 50, what }, (reply) =>
      this.checkLong(reply, what, u32(address)),
    );
  }

  /** Leaves download mode: the chip resets and sends nothing. */
  async reboot(): Promise<void> {
    await this.transport.write(shortCommand(Op.reboot, [0xa5]));
  }
}

function statusName(status: number): string {
  const names: Record<number, string> = { 1: 'busy', 2: 'SPI timeout', 3: 'flash timeout', 4: 'bad length', 5: 'frame too short', 6: 'parameter refused', 7: 'unknown command' };
  return names[status] ? ` (${names[status]})` : '';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
