/** A real serial port (or pseudo-terminal) behind the transport interface: Node only. */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SerialPort } from 'serialport';
import { BufferedTransport, TransportClosedError, type ModemSignals, type WriteOptions } from './transport.js';

/** A real serial port (or pseudo-terminal) through the `serialport` package. */
export class SerialTransport extends BufferedTransport {
  /** How often to check that the device node still exists. */
  static readonly PRESENCE_CHECK_MS = 500;
  private readonly presenceCheck: NodeJS.Timeout;
  /** Both modem lines as last set: every change sends both (serialport's set() asserts a line it is not given). */
  private lines: Required<ModemSignals> = { dtr: false, rts: false };

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

  /**
   * Opens the port; rejects with the system's reason (no such device, busy, permission). Right after
   * opening, DTR and RTS are released together (the operating system asserts both on open, and a CP210x
   * with RTS on EN/CEN would hold the chip in reset), and on Linux the adapter's low-latency mode is asked
   * for where the system offers it (USB adapters; pseudo-terminals have none, which is fine).
   */
  static async open(path: string, baudRate = 115200): Promise<SerialTransport> {
    const transport = await new Promise<SerialTransport>((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false });
      port.open((error) => (error ? reject(error) : resolve(new SerialTransport(port, path))));
    });
    await transport.setSignals({ dtr: false, rts: false });
    if (process.platform === 'linux') await requestLowLatency(path);
    return transport;
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

  /** Both lines in one call: a line not named keeps its state (CH340 drivers drop or reorder separate changes). */
  setSignals(signals: ModemSignals): Promise<boolean> {
    const lines = { ...this.lines, ...signals };
    return new Promise((resolve) =>
      this.port.set(lines, (error) => {
        if (!error) this.lines = lines;
        resolve(!error);
      }),
    );
  }

  protected closePort(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.port.isOpen) return resolve();
      this.port.close(() => resolve());
    });
  }
}

/** USB serial adapters (ttyUSB, ttyACM); pseudo-terminals and others have no latency setting. */
const USB_TTY = /^tty(USB|ACM)\d+$/;

/**
 * Linux low latency, tolerating every failure: the FTDI latency timer through sysfs (1 ms instead of
 * 16), and ASYNC_LOW_LATENCY through setserial when it is installed. Both usually need permissions the
 * user may not have; the transfer works without them, only slower on small replies.
 */
async function requestLowLatency(path: string): Promise<void> {
  const name = basename(path);
  if (!USB_TTY.test(name)) return;
  try {
    writeFileSync(`/sys/bus/usb-serial/devices/${name}/latency_timer`, '1');
  } catch {
    // not an FTDI adapter, or no permission
  }
  await new Promise<void>((resolve) => {
    const child = spawn('setserial', [path, 'low_latency'], { stdio: 'ignore' });
    child.once('error', () => resolve());
    child.once('exit', () => resolve());
  });
}
