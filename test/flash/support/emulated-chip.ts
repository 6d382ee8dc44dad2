import { openChipPort, type ChipPort } from '../../../src/flash/emulator/chip-port.js';
import { SerialTransport } from '../../../src/flash/serial-transport.js';
import { BekenChipEmulator, INSTANT_TIMING, type ChipOptions } from '../../../src/flash/emulator/beken-chip.js';
import { connectBeken } from '../../../src/jobs/beken-connect.js';
import type { BekenSession } from '../../../src/jobs/beken-device.js';

/** An emulated chip of either vendor on the device end of a real pseudo-terminal pair. */
export interface OnPty<Chip> {
  chip: Chip;
  /** The pty a flasher opens. */
  hostPath: string;
  close(): Promise<void>;
}

/** Puts `chip` behind a pseudo-terminal whose wire applies the rate the client sets. */
export async function attachOnPty<Chip extends { attach(device: ChipPort['device'], line: ChipPort['line']): () => void }>(chip: Chip): Promise<OnPty<Chip>> {
  const port = await openChipPort();
  const detach = chip.attach(port.device, port.line);
  return {
    chip,
    hostPath: port.hostPath,
    close: async () => {
      detach();
      await port.close();
    },
  };
}

export type EmulatedChip = OnPty<BekenChipEmulator>;

/** A Beken chip emulator on a real pseudo-terminal (instant flash timing unless asked). */
export function startEmulatedChip(options: ChipOptions): Promise<EmulatedChip> {
  return attachOnPty(new BekenChipEmulator({ ...options, timing: { ...INSTANT_TIMING, ...options.timing } }));
}

/**
 * Opens the host end of `emu` at `baudRate` with the serialport package and runs `body`; the port and
 * the emulator are closed afterwards, whatever happened.
 */
export async function withHostPort<Emu extends OnPty<unknown>, T>(emu: Emu, baudRate: number, body: (transport: SerialTransport, emu: Emu) => Promise<T>): Promise<T> {
  try {
    const transport = await SerialTransport.open(emu.hostPath, baudRate);
    try {
      return await body(transport, emu);
    } finally {
      await transport.close();
    }
  } finally {
    await emu.close();
  }
}

/** A Beken session on the host end, opened by the connect job the CLI and the page use (link, switch, identify). */
export function connectHost(hostPath: string, { baudRate = 2_000_000, linkTimeoutMs = 10_000 } = {}): Promise<BekenSession> {
  return connectBeken((rate) => SerialTransport.open(hostPath, rate), { family: null, baud: baudRate, linkTimeoutMs }, () => undefined);
}
