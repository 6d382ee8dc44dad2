/**
 * Opening a chip over Web Serial for one job, as the CLI's flash commands do over a serial port:
 * Beken (link, baud switch, identify) or Bouffalo (ROM handshake, eflash_loader upload from a file
 * the user picked). Every job opens its own session and closes it at the end.
 */
import { BekenClient } from '../../src/flash/beken/client.js';
import { identifyChip, linkChip, switchBaud } from '../../src/flash/beken/session.js';
import { BouffaloClient, type LoaderFile } from '../../src/flash/bouffalo/client.js';
import { WebSerialTransport, type WebSerialPort } from '../../src/flash/web-serial-transport.js';
import type { BekenSession } from '../../src/jobs/beken-device.js';
import type { BouffaloTarget } from '../../src/jobs/bouffalo-device.js';
import type { Say } from '../../src/jobs/ports.js';

export type ChipChoice = 'beken' | 'bl602' | 'bl702';

export interface SessionOptions {
  chip: ChipChoice;
  /** Transfer baud rate after linking at 115200 (Beken) or once the eflash_loader runs (Bouffalo). */
  baud: number;
  linkTimeoutMs: number;
  /** Bouffalo only: the eflash_loader image the user picked. */
  loader: LoaderFile | null;
}

/** The Bouffalo boot ROM runs on its internal RC oscillator: the handshake and upload stay at 500 kbaud. */
const BOUFFALO_ROM_BAUD = 500_000;

export async function openBeken(port: WebSerialPort, options: SessionOptions, say: Say): Promise<BekenSession> {
  const transport = await WebSerialTransport.open(port, 115200);
  try {
    const client = new BekenClient(transport);
    await linkChip(client, { timeoutMs: options.linkTimeoutMs, onPrompt: say });
    await switchBaud(client, options.baud, (warning) => say(`warning: ${warning}`));
    const info = await identifyChip(client, null);
    return { client, info, close: () => transport.close() };
  } catch (error) {
    await transport.close();
    throw error;
  }
}

export async function openBouffalo(port: WebSerialPort, options: SessionOptions, say: Say): Promise<BouffaloTarget> {
  const transport = await WebSerialTransport.open(port, BOUFFALO_ROM_BAUD);
  const client = new BouffaloClient(transport, {
    chip: options.chip === 'beken' ? 'auto' : options.chip,
    romBaud: BOUFFALO_ROM_BAUD,
    loaderBaud: options.baud,
    reset: 'auto',
    loader: async (chip) => {
      if (!options.loader) throw new Error(`the ${chip.toUpperCase()} needs its eflash_loader: pick the loader file (eflash_loader_40m.bin from the vendor's flash tool) first`);
      return options.loader;
    },
  });
  try {
    say('reset the module with BOOT held high (see Wiring) if it does not answer');
    const info = await client.connect();
    return {
      client,
      info,
      baudRate: options.baud,
      close: async () => {
        await client.finish().catch(() => undefined);
        await transport.close();
      },
    };
  } catch (error) {
    await transport.close();
    throw error;
  }
}
