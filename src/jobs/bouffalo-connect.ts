/**
 * Opening a BL602/BL702 for a job: reset into the boot ROM, handshake at the ROM rate, then (for
 * everything but identification) upload the eflash_loader and go on at the transfer rate. Where the
 * loader comes from is the face's business: a file on disk for the CLI, the file the user picked on the page.
 */
import type { BootInfo, BouffaloChip } from '../flash/bouffalo/boot-info.js';
import { BouffaloClient, type LoaderFile } from '../flash/bouffalo/client.js';
import { ChipError } from '../flash/bouffalo/error-codes.js';
import { BouffaloSetupError, FlashNotAnsweringError, NeverAnsweredError, NoReplyError, ProtocolError } from '../flash/bouffalo/errors.js';
import { LoaderHashError } from '../flash/bouffalo/loader-source.js';
import type { Transport } from '../flash/transport.js';
import type { BouffaloTarget } from './bouffalo-device.js';
import { closeAndThrow, type LinkTiming, type OpenTransport } from './connect.js';
import { JobError } from './job-error.js';
import type { Say } from './ports.js';

export interface BouffaloConnectOptions extends LinkTiming {
  /** The chip the user named, or "auto" to take whichever the boot ROM says it is. */
  chip: BouffaloChip | 'auto';
  /** Baud of the boot ROM handshake and the loader upload (the ROM runs on its RC clock: <= 500000). */
  romBaud: number;
  /** The eflash_loader for the identified chip; asked only when no loader is running yet. */
  loader: (chip: BouffaloChip) => Promise<LoaderFile>;
  /** Protocol trace (--debug). */
  log?: Say;
}

/** Bouffalo link, setup and chip failures as job errors (secure boot and a chip of another kind are refusals); anything else passes through. */
export function bouffaloFailure(error: unknown): unknown {
  if (error instanceof LoaderHashError) return new JobError(error.message, 'refused');
  if (error instanceof BouffaloSetupError) return new JobError(error.message, /secure boot|identifies itself/.test(error.message) ? 'refused' : 'badInput');
  if (error instanceof NeverAnsweredError || error instanceof FlashNotAnsweringError) return new JobError(error.message, 'device');
  if (error instanceof NoReplyError) {
    const option = error.phase === 'rom' ? '--rom-baud (the boot ROM runs on its 32 MHz RC clock)' : '--baud';
    return new JobError(`${error.message}; the chip answered, then stopped answering: check the power and the wiring, or try a lower ${option}`, 'device');
  }
  if (error instanceof ChipError || error instanceof ProtocolError) return new JobError(error.message, 'device');
  if (error instanceof Error && error.name === 'TransportClosedError') return new JobError(`${error.message}; the adapter was unplugged or the emulator stopped`, 'device');
  return error;
}

async function openClient(open: OpenTransport, options: BouffaloConnectOptions, say: Say): Promise<{ transport: Transport; client: BouffaloClient }> {
  const transport = await open(options.romBaud);
  const client = new BouffaloClient(transport, {
    chip: options.chip,
    romBaud: options.romBaud,
    loaderBaud: options.baud,
    reset: options.reset ?? 'auto',
    linkTimeoutMs: options.linkTimeoutMs,
    onPrompt: say,
    loader: options.loader,
    log: options.log,
  });
  return { transport, client };
}

/** Ends the eflash_loader (the chip boots its firmware again) and closes the port. */
async function finish(client: BouffaloClient, transport: Transport): Promise<void> {
  await client.finish().catch(() => undefined);
  await transport.close();
}

/** What the boot ROM alone tells; a BL616/BL618 ROM also reads its flash id (the others need the loader for that). */
export interface BouffaloRom {
  bootInfo: BootInfo;
  flash: { jedecId: string; flashSize: number } | null;
  close(): Promise<void>;
}

/** The boot ROM alone (no eflash_loader): what identification needs. */
export async function connectBouffaloRom(open: OpenTransport, options: BouffaloConnectOptions, say: Say): Promise<BouffaloRom> {
  const { transport, client } = await openClient(open, options, say);
  try {
    const bootInfo = await client.connectRom();
    const flash = await client.romFlashId(bootInfo);
    return { bootInfo, flash, close: () => finish(client, transport) };
  } catch (error) {
    return closeAndThrow(transport, error, bouffaloFailure);
  }
}

/** The chip with its eflash_loader running at the transfer rate, ready to read and write. */
export async function connectBouffalo(open: OpenTransport, options: BouffaloConnectOptions, say: Say): Promise<BouffaloTarget> {
  const { transport, client } = await openClient(open, options, say);
  try {
    const info = await client.connect();
    return { client, info, baudRate: options.baud, close: () => finish(client, transport) };
  } catch (error) {
    return closeAndThrow(transport, error, bouffaloFailure);
  }
}
