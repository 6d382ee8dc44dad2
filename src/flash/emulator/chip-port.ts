/**
 * The pseudo-terminal an emulated chip sits behind: the pair, the chip's end opened as a serial port,
 * and the line that applies the rate the client sets on its end.
 */
import { openPtyPair } from '../pty-pair.js';
import { SerialTransport } from '../serial-transport.js';
import { HostLine } from './host-line.js';
import { openTerminalBaudReader } from './terminal-baud.js';

export interface ChipPort {
  /** The path a flasher opens. */
  readonly hostPath: string;
  readonly device: SerialTransport;
  readonly line: HostLine;
  close(): Promise<void>;
}

/** `lineRate: false` gives an ideal wire that ignores the client's rate (for tests of other things). */
export async function openChipPort({ lineRate = true } = {}): Promise<ChipPort> {
  const pair = await openPtyPair();
  try {
    const device = await SerialTransport.open(pair.devicePath);
    // Opened before any client can lock the terminal.
    const line = new HostLine(lineRate ? openTerminalBaudReader(pair.hostPath) : null);
    let closing: Promise<void> | undefined;
    return {
      hostPath: pair.hostPath,
      device,
      line,
      close: () =>
        (closing ??= (async () => {
          line.close();
          await device.close();
          await pair.close();
        })()),
    };
  } catch (error) {
    await pair.close();
    throw error;
  }
}
