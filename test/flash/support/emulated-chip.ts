import { openChipPort } from '../../../src/flash/emulator/chip-port.js';
import { SerialTransport } from '../../../src/flash/serial-transport.js';
import { BekenChipEmulator, INSTANT_TIMING, type ChipOptions } from '../../../src/flash/emulator/beken-chip.js';
import { BekenClient } from '../../../src/flash/beken/client.js';
import { identifyChip, linkChip, switchBaud, type ChipInfo } from '../../../src/flash/beken/session.js';
import type { FlashTarget } from '../../../src/flash/beken/operations.js';

export interface EmulatedChip {
  chip: BekenChipEmulator;
  /** The pty a flasher opens. */
  hostPath: string;
  close(): Promise<void>;
}

/**
 * A chip emulator on the device end of a real pseudo-terminal pair (instant flash timing unless asked),
 * whose wire applies the rate the client sets.
 */
export async function startEmulatedChip(options: ChipOptions): Promise<EmulatedChip> {
  const port = await openChipPort();
  const chip = new BekenChipEmulator({ ...options, timing: { ...INSTANT_TIMING, ...options.timing } });
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

export interface Connected extends FlashTarget {
  info: ChipInfo;
  close(): Promise<void>;
}

/** Opens the host end with the serialport package, links, switches baud and identifies. */
export async function connectHost(hostPath: string, { baudRate = 2_000_000, marginMs = 1500 } = {}): Promise<Connected> {
  const transport = await SerialTransport.open(hostPath, 115200);
  const client = new BekenClient(transport, { marginMs });
  await linkChip(client, { timeoutMs: 10_000 });
  await switchBaud(client, baudRate);
  const info = await identifyChip(client, null);
  return { client, info, close: () => transport.close() };
}
