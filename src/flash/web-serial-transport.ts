/**
 * The transport interface over the Web Serial API (Chrome, Edge): one read loop feeding the shared
 * buffer, baud changes by closing and reopening the port (Web Serial has no other way), DTR/RTS through
 * setSignals. No node: imports: the page bundles it; Node never loads it.
 */
import { BufferedTransport, TransportClosedError, type ModemSignals, type WriteOptions } from './transport.js';

/** The part of the Web Serial `SerialPort` this transport uses (TypeScript's DOM library has no types for it). */
export interface WebSerialPort {
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: { baudRate: number; bufferSize?: number }): Promise<void>;
  close(): Promise<void>;
  setSignals(signals: { dataTerminalReady?: boolean; requestToSend?: boolean; break?: boolean }): Promise<void>;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
  addEventListener(type: 'disconnect', listener: () => void): void;
  removeEventListener(type: 'disconnect', listener: () => void): void;
}

/** A read buffer large enough for a 4 KiB sector reply plus framing at 2 Mbaud. */
const BUFFER_SIZE = 64 * 1024;

/** "USB 1a86:7523" for messages, or "serial port" when the browser does not tell. */
export function describeWebSerialPort(port: WebSerialPort): string {
  const { usbVendorId, usbProductId } = port.getInfo();
  if (usbVendorId === undefined) return 'serial port';
  const id = (n: number | undefined) => (n ?? 0).toString(16).padStart(4, '0');
  return `USB ${id(usbVendorId)}:${id(usbProductId)}`;
}

export class WebSerialTransport extends BufferedTransport {
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private loop: Promise<void> = Promise.resolve();
  private currentBaud: number;
  private readonly onDisconnect = () => this.ended(new Error(`${this.path}: the port disappeared (adapter unplugged)`));

  private constructor(
    private readonly port: WebSerialPort,
    readonly path: string,
    baudRate: number,
  ) {
    super();
    this.currentBaud = baudRate;
    port.addEventListener('disconnect', this.onDisconnect);
    this.onClose(() => port.removeEventListener('disconnect', this.onDisconnect));
  }

  /** Opens a port the user picked (navigator.serial.requestPort) at `baudRate`. */
  static async open(port: WebSerialPort, baudRate = 115200, path = describeWebSerialPort(port)): Promise<WebSerialTransport> {
    await port.open({ baudRate, bufferSize: BUFFER_SIZE });
    const transport = new WebSerialTransport(port, path, baudRate);
    transport.startReading();
    return transport;
  }

  get baudRate(): number {
    return this.currentBaud;
  }

  /** The one read loop: everything the port delivers goes into the shared buffer until the reader is cancelled. */
  private startReading(): void {
    const readable = this.port.readable;
    if (!readable) return;
    const reader = readable.getReader();
    this.reader = reader;
    this.loop = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            if (this.reader === reader) this.ended();
            break;
          }
          if (value) this.receive(value);
        }
      } catch (error) {
        // a cancel from setBaudRate/close ends the loop quietly; anything else ends the transport
        if (this.reader === reader) this.ended(error instanceof Error ? error : new Error(String(error)));
      } finally {
        reader.releaseLock();
      }
    })();
  }

  private async stopReading(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    if (reader) await reader.cancel().catch(() => undefined);
    await this.loop;
  }

  async write(data: Uint8Array, _options?: WriteOptions): Promise<void> {
    const writable = this.port.writable;
    if (this.closed || !writable) throw new TransportClosedError(this.path);
    const writer = writable.getWriter();
    try {
      await writer.write(data);
    } finally {
      writer.releaseLock();
    }
  }

  async setBaudRate(baudRate: number): Promise<void> {
    if (this.closed) throw new TransportClosedError(this.path);
    if (baudRate === this.currentBaud) return;
    await this.stopReading();
    await this.port.close();
    await this.port.open({ baudRate, bufferSize: BUFFER_SIZE });
    this.currentBaud = baudRate;
    this.startReading();
  }

  async setSignals(signals: ModemSignals): Promise<boolean> {
    const lines: { dataTerminalReady?: boolean; requestToSend?: boolean } = {};
    if (signals.dtr !== undefined) lines.dataTerminalReady = signals.dtr;
    if (signals.rts !== undefined) lines.requestToSend = signals.rts;
    try {
      await this.port.setSignals(lines);
      return true;
    } catch {
      return false;
    }
  }

  protected async closePort(): Promise<void> {
    await this.stopReading();
    await this.port.close().catch(() => undefined);
  }
}
