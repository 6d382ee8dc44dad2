/**
 * Reading the flash, or a range of it, out of a chip: every block checked by the chip's own digest
 * (CRC-32 on Beken, SHA-256 on Bouffalo). A Beken read that stops keeps what it got, and a resumed one
 * first asks the chip whether the kept part is still what it holds. Where the bytes go is the face's
 * store: a file written atomically for the CLI, a download for the page.
 */
import { readRange, TransferInterruptedError, verifyRange } from '../flash/beken/operations.js';
import { sha256Of, toHex } from '../formats/bytes.js';
import { bekenFailure } from './beken-connect.js';
import type { BekenSession } from './beken-device.js';
import { bouffaloFailure } from './bouffalo-connect.js';
import { chipName, type BouffaloTarget } from './bouffalo-device.js';
import { checkRange, hex, JobError, rate } from './job-error.js';
import { withProgress, type JobHooks } from './ports.js';

export interface ReadRequest {
  /** First byte (multiple of 0x1000). */
  offset: number;
  /** Bytes to read (multiple of 0x1000); default: to the end of the flash. */
  length?: number;
  /** Go on from what an interrupted read kept. */
  resume?: boolean;
}

/** Where the read goes, and where an interrupted one keeps what it got. */
export interface ReadStore {
  /** Refuses, before the chip is touched, when the read could not be saved (a file that exists, say). */
  checkOutput(): void;
  /** The kept part's name, for messages ("dump.bin.partial"). */
  readonly partialName: string;
  hasPartial(): boolean;
  /** What an interrupted read kept. */
  partial(): Uint8Array;
  /** Keeps a block of the read; the first one starts the kept part (a read stopped before it keeps nothing). */
  appendPartial(data: Uint8Array): void;
  /** The whole read, kept for good; the partial part dropped. */
  save(data: Uint8Array): void;
}

/** A finished read, the same facts from either vendor (README "JSON output"). */
export interface ReadResult {
  family: string;
  offset: number;
  length: number;
  sha256: string;
  /** Every block was checked against the chip's own digest (CRC-32 on Beken, SHA-256 on Bouffalo). */
  verified: true;
  /** Where a resumed read went on from, or null. */
  resumedFrom: number | null;
  /** Commands the link had to repeat. */
  retries: number;
  seconds: number;
  bytesPerSecond: number;
  baudRate: number;
}

const SECTOR = 0x1000;

/** The kept part of an interrupted read, whole sectors only, still what the chip holds. */
async function keptPart(session: BekenSession, store: ReadStore, offset: number, length: number): Promise<Uint8Array> {
  const kept = store.partial();
  const have = kept.subarray(0, kept.length - (kept.length % SECTOR));
  if (have.length > length) throw new JobError(`${store.partialName}: longer than the range being read; delete it and start again`, 'refused');
  // The kept part must still be what the chip holds, or the result would mix two flash states.
  if ((await verifyRange(session, offset, have)).length) throw new JobError(`${store.partialName}: no longer matches the chip's flash; delete it and read again`, 'refused');
  return have;
}

export async function bekenRead(request: ReadRequest, open: () => Promise<BekenSession>, store: ReadStore, hooks: JobHooks): Promise<ReadResult> {
  store.checkOutput();
  if (store.hasPartial() && !request.resume) {
    throw new JobError(`${store.partialName}: an earlier read of this file was interrupted; pass --resume to continue it, or delete it to start again`, 'refused');
  }
  const session = await open();
  try {
    const { info } = session;
    const { offset } = request;
    const length = request.length ?? info.flashSize - offset;
    checkRange(offset, length, info.flashSize);
    if (info.uniformBootloader !== null) {
      const why = info.uniformBootloader === 0 ? 'all 0x00 where its bootloader must be (read protection or a flash without power' : 'all 0xFF where its bootloader must be (an erased flash or blocked reads';
      throw new JobError(`did not read: the chip returns ${why}: see the warning above), so there is nothing worth backing up`, 'device');
    }
    let have: Uint8Array = new Uint8Array(0);
    if (request.resume && store.hasPartial()) have = await keptPart(session, store, offset, length);
    const result = new Uint8Array(length);
    result.set(have, 0);
    const started = Date.now();
    await withProgress(hooks, 'read', (progress) =>
      readRange(
        session,
        offset + have.length,
        offset + length,
        (address, data) => {
          result.set(data, address - offset);
          store.appendPartial(data);
        },
        (done) => progress.update(have.length + done, length),
      ),
    ).catch((error: unknown) => {
      if (!(error instanceof TransferInterruptedError)) throw error;
      const kept = store.hasPartial() ? `what was read so far is kept in ${store.partialName}: run the same command with --resume to continue` : 'nothing was kept: run the same command again';
      throw new JobError(`the read stopped at ${hex(error.address)} (${error.cause.message}); ${kept}`, 'device');
    });
    const seconds = (Date.now() - started) / 1000;
    store.save(result);
    return {
      family: info.family,
      offset,
      length,
      sha256: toHex(sha256Of(result)),
      verified: true,
      resumedFrom: have.length ? offset + have.length : null,
      retries: session.client.lineFaults,
      seconds,
      bytesPerSecond: rate(length - have.length, started),
      baudRate: info.baudRate,
    };
  } catch (error) {
    throw bekenFailure(error);
  } finally {
    await session.close();
  }
}

/** A Bouffalo read: seconds for a whole flash, so no partial reads to keep (`resume` is refused). */
export async function bouffaloRead(request: ReadRequest, open: () => Promise<BouffaloTarget>, store: Pick<ReadStore, 'checkOutput' | 'save'>, hooks: JobHooks): Promise<ReadResult> {
  if (request.resume) throw new JobError('--resume is not needed on Bouffalo chips: a whole read takes seconds; run the read again', 'usage');
  store.checkOutput();
  const session = await open();
  try {
    const { flashSize } = session.info;
    const length = request.length ?? flashSize - request.offset;
    checkRange(request.offset, length, flashSize);
    const started = Date.now();
    const data = await withProgress(hooks, 'read', (progress) => session.client.readFlash(request.offset, length, (done, total) => progress.update(done, total)));
    const seconds = (Date.now() - started) / 1000;
    store.save(data);
    return {
      family: chipName(session),
      offset: request.offset,
      length,
      sha256: toHex(sha256Of(data)),
      verified: true,
      resumedFrom: null,
      retries: session.client.recoveries,
      seconds,
      bytesPerSecond: rate(length, started),
      baudRate: session.baudRate,
    };
  } catch (error) {
    throw bouffaloFailure(error);
  } finally {
    await session.close();
  }
}
