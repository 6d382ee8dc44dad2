/**
 * The one byte-pipe interface every protocol client and emulator talks through, the buffering that every
 * implementation shares, and an in-memory pair for tests. The implementations over real ports live apart:
 * `serial-transport.ts` (Node, the `serialport` package) and the page's Web Serial one.
 */
import { concatBytes } from '../formats/bytes.js';

/** Modem lines; `true` means asserted (on most adapters: pin driven low). */
export interface ModemSignals {
  dtr?: boolean;
  rts?: boolean;
}

export type DataListener = (chunk: Uint8Array) => void;

export interface WriteOptions {
  waitSent?: boolean;
}

export interface Transport {
  /** Where this transport leads, for messages ("/dev/ttyUSB0", "memory"). */
  readonly path: string;
  readonly baudRate: number;
  /**
   * Sends bytes. By default resolves once they have left the port (tcdrain), which a baud change
   * right after needs; `waitSent: false` resolves as soon as the operating system has taken them.
   */
  write(data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Exactly `length` bytes, or a TransportTimeoutError when they do not all arrive in time. */
  read(length: number, timeoutMs: number): Promise<Uint8Array>;
  /** Whatever arrives until the line has been quiet for `quietMs` (at most `maxMs`); for flushing stale input. */
  drain(quietMs: number, maxMs?: number): Promise<Uint8Array>;
  /** Bytes already received and not yet read; removes them. */
  takeBuffered(): Uint8Array;
  /**
   * Stream API: every chunk that arrives from now on goes to the listener instead of the read buffer.
   * Returns the function that removes the listener.
   */
  onData(listener: DataListener): () => void;
  setBaudRate(baudRate: number): Promise<void>;
  /** Returns false when the port refuses modem-line changes (pseudo-terminals do). */
  setSignals(signals: ModemSignals): Promise<boolean>;
  /** Called once when the other side goes away or the port fails. */
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
}

export class TransportTimeoutError extends Error {
  constructor(
    readonly expected: number,
    readonly received: Uint8Array,
    readonly timeoutMs: number,
  ) {
    super(`expected ${expected} bytes within ${timeoutMs} ms, received ${received.length}`);
    this.name = 'TransportTimeoutError';
  }
}

export class TransportClosedError extends Error {
  constructor(path: string) {
    super(`${path}: the port is closed`);
    this.name = 'TransportClosedError';
  }
}

interface PendingRead {
  length: number;
  resolve: (data: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Buffering and waiting shared by every transport; subclasses only move bytes. */
export abstract class BufferedTransport implements Transport {
  abstract readonly path: string;
  abstract readonly baudRate: number;
  private chunks: Uint8Array[] = [];
  private bufferedLength = 0;
  private pending: PendingRead | null = null;
  private listeners: DataListener[] = [];
  private closeListeners: Array<(error?: Error) => void> = [];
  private wakeDrain: (() => void) | null = null;
  protected closed = false;

  abstract write(data: Uint8Array, options?: WriteOptions): Promise<void>;
  abstract setBaudRate(baudRate: number): Promise<void>;
  abstract setSignals(signals: ModemSignals): Promise<boolean>;
  protected abstract closePort(): Promise<void>;

  /** Subclasses call this with every chunk that arrives. */
  protected receive(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.listeners.length) {
      for (const listener of [...this.listeners]) listener(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.bufferedLength += chunk.length;
    this.wakeDrain?.();
    this.servePending();
  }

  /** Subclasses call this when the port ends. */
  protected ended(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pending) {
      clearTimeout(this.pending.timer);
      this.pending.reject(error ?? new TransportClosedError(this.path));
      this.pending = null;
    }
    for (const listener of this.closeListeners) listener(error);
  }

  private servePending(): void {
    const pending = this.pending;
    if (!pending || this.bufferedLength < pending.length) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(this.take(pending.length));
  }

  private take(length: number): Uint8Array {
    const all = this.takeBuffered();
    if (all.length > length) {
      this.chunks = [all.subarray(length)];
      this.bufferedLength = all.length - length;
    }
    return all.subarray(0, length);
  }

  takeBuffered(): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : concatBytes(this.chunks);
    this.chunks = [];
    this.bufferedLength = 0;
    return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  }

  read(length: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.pending) return Promise.reject(new Error('a read is already waiting on this transport'));
    if (this.bufferedLength >= length) return Promise.resolve(this.take(length));
    if (this.closed) return Promise.reject(new TransportClosedError(this.path));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new TransportTimeoutError(length, this.takeBuffered(), timeoutMs));
      }, timeoutMs);
      this.pending = { length, resolve, reject, timer };
    });
  }

  async drain(quietMs: number, maxMs = 2000): Promise<Uint8Array> {
    const started = Date.now();
    let seen = this.bufferedLength;
    for (;;) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, quietMs);
        this.wakeDrain = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeDrain = null;
      const quiet = this.bufferedLength === seen;
      seen = this.bufferedLength;
      if (quiet || this.closed || Date.now() - started >= maxMs) return this.takeBuffered();
    }
  }

  onData(listener: DataListener): () => void {
    this.listeners.push(listener);
    const buffered = this.takeBuffered();
    if (buffered.length) listener(buffered);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.closePort();
    this.ended();
  }
}

/** One end of an in-memory pair: what one side writes, the other receives (asynchronously, like a wire). */
export class MemoryTransport extends BufferedTransport {
  peer: MemoryTransport | null = null;
  baudRate = 115200;
  signals: ModemSignals = {};

  constructor(readonly path: string) {
    super();
  }

  async write(data: Uint8Array, _options?: WriteOptions): Promise<void> {
    if (this.closed) throw new TransportClosedError(this.path);
    const copy = data.slice();
    const peer = this.peer;
    setImmediate(() => peer?.deliver(copy));
  }

  private deliver(data: Uint8Array): void {
    if (!this.closed) this.receive(data);
  }

  async setBaudRate(baudRate: number): Promise<void> {
    this.baudRate = baudRate;
  }

  async setSignals(signals: ModemSignals): Promise<boolean> {
    this.signals = { ...this.signals, ...signals };
    return true;
  }

  protected async closePort(): Promise<void> {
    const peer = this.peer;
    setImmediate(() => peer?.ended());
  }
}

/** Two connected in-memory transports, for unit tests of protocol clients and emulators. */
export function createMemoryPair(): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport('memory:a');
  const b = new MemoryTransport('memory:b');
  a.peer = b;
  b.peer = a;
  return [a, b];
}
