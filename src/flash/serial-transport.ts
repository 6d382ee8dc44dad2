/** A real serial port (or pseudo-terminal) behind the transport interface: Node only. */
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { BufferedTransport, TransportClosedError, type ModemSignals, type WriteOptions } from './transport.js';

/** A real serial port (or pseudo-terminal) through the `serialport` package. */
export class SerialTransport extends BufferedTransport {
  /** How often to check that the device node still exists. */
  static readonly PRESENCE_CHECK_MS = 500;
  private readonly presenceCheck: NodeJS.Timeout;

  private constructor(
    private readonly port: SerialPort,
    readonly path: string,
  ) {
    super();
    port.on('data', (chunk: Buffer) => this.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    port.on('close', () => this.ended());
    port.on('error', (error: Error) => this.ended(error));
    // An unplugged adapter or a pseudo-terminal whose other side went away does not always end the
    // read loop with an error (a hung-up terminal can read 0 bytes forever); its device node does vanish.
    this.presenceCheck = setInterval(() => {
      if (!existsSync(path)) void this.disappeared();
    }, SerialTransport.PRESENCE_CHECK_MS);
    this.presenceCheck.unref();
    this.onClose(() => clearInterval(this.presenceCheck));
  }

  private async disappeared(): Promise<void> {
    clearInterval(this.presenceCheck);
    this.ended(new Error(`${this.path}: the port disappeared (adapter unplugged or device gone)`));
    await this.closePort();
  }

  get baudRate(): number {
    return this.port.baudRate;
  }

  /** Opens the port; rejects with the system's reason (no such device, busy, permission). */
  static open(path: string, baudRate = 115200): Promise<SerialTransport> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false });
      port.open((error) => (error ? reject(error) : resolve(new SerialTransport(port, path))));
    });
  }

  write(data: Uint8Array, { waitSent = true }: WriteOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new TransportClosedError(this.path));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (error) => {
        if (error) return reject(error);
        if (!waitSent) return resolve();
        this.port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  setBaudRate(baudRate: number): Promise<void> {
    return new Promise((resolve, reject) => this.port.update({ baudRate }, (error) => (error ? reject(error) : resolve())));
  }

  setSignals(signals: ModemSignals): Promise<boolean> {
    return new Promise((resolve) => this.port.set(signals, (error) => resolve(!error)));
  }

  protected closePort(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.port.isOpen) return resolve();
      this.port.close(() => resolve());
    });
  }
}
