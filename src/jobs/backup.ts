/**
 * The backup job: the whole flash of a connected chip into the backup store, named for the device.
 * When an earlier backup of the same chip is stored, the chip's own digests (CRC-32 on Beken, SHA-256
 * on Bouffalo) are compared with it, 64 KiB blocks first and then the 4 KiB sectors of the blocks that
 * differ, and only the differing sectors are read; the new backup is still the complete flash, every
 * block of it matching the chip's digest.
 */
import { TransferInterruptedError } from '../flash/beken/operations.js';
import { inspectImage } from '../formats/inspect.js';
import type { BackupStore, StoredBackup } from './backup-store.js';
import type { DeviceIdentity, FlashDevice } from './device.js';
import { hex, JobError } from './job-error.js';
import { withProgress, type JobHooks, type ProgressSink } from './ports.js';

export const DIGEST_BLOCK = 0x10000;
/** Earlier backups compared with the chip at most (newest first). */
const MAX_CANDIDATES = 4;

export interface BackupResult {
  backup: StoredBackup;
  /** 4 KiB sectors read from the chip; the rest came from `incrementalFrom`, checked by the chip's digest. */
  sectorsRead: number;
  sectorsTotal: number;
  incrementalFrom: string | null;
  /** The flash as it is now (the backup's content). */
  image: Uint8Array;
}

/** The MAC a full image carries (Beken: the RF calibration sector), for devices that do not tell it. */
function macOfImage(image: Uint8Array): string | null {
  try {
    const rf = inspectImage(image).rf as { mac?: string | null } | null | undefined;
    return rf?.mac ?? null;
  } catch {
    return null;
  }
}

/**
 * Earlier images that could be this chip: backups, and what the chip was known to hold after the last
 * verified write; same family, flash id and size, and MAC when both know it.
 */
export async function candidatesFor(device: DeviceIdentity, store: BackupStore): Promise<StoredBackup[]> {
  const all = [...(await store.list()), ...((await store.references?.()) ?? [])];
  return all
    .filter((b) => b.family === device.family && b.flashId === device.flashId && b.size === device.flashSize && (!device.mac || !b.mac || b.mac === device.mac))
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
    .slice(0, MAX_CANDIDATES);
}

function* ranges(start: number, end: number, step: number): Generator<[number, number]> {
  for (let at = start; at < end; at += step) yield [at, Math.min(end, at + step)];
}

/** Contiguous runs of sector addresses, as [start, end) pairs. */
export function runs(addresses: number[], size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const at of addresses) {
    const last = out[out.length - 1];
    if (last && last[1] === at) last[1] = at + size;
    else out.push([at, at + size]);
  }
  return out;
}

/**
 * Brings `image` (an earlier backup of the chip) up to what the chip holds now: returns the sectors read.
 * `blockDigests` are the chip's digests of each 64 KiB block.
 */
async function refresh(device: FlashDevice, image: Uint8Array, blockDigests: string[], progress: ProgressSink): Promise<number> {
  const size = device.sectorSize;
  let read = 0;
  let blockIndex = 0;
  for (const [start, end] of ranges(0, image.length, DIGEST_BLOCK)) {
    const chip = blockDigests[blockIndex++]!;
    if (chip !== device.localDigest(image.subarray(start, end))) {
      const differing: number[] = [];
      for (const [at, next] of ranges(start, end, size)) {
        if ((await device.chipDigest(at, next - at)) !== device.localDigest(image.subarray(at, next))) differing.push(at);
      }
      for (const [from, to] of runs(differing, size)) {
        image.set(await device.read(from, to - from), from);
        read += (to - from) / size;
      }
      // the sectors were compared one by one: the block as a whole must now agree with the chip too
      if ((await device.chipDigest(start, end - start)) !== device.localDigest(image.subarray(start, end))) {
        image.set(await device.read(start, end - start), start);
        read += (end - start) / size;
      }
    }
    progress.update(end, image.length);
  }
  return read;
}

async function chipBlockDigests(device: FlashDevice, progress: ProgressSink): Promise<string[]> {
  const digests: string[] = [];
  for (const [start, end] of ranges(0, device.flashSize, DIGEST_BLOCK)) {
    digests.push(await device.chipDigest(start, end - start));
    progress.update(end / 8, device.flashSize); // comparing is the cheap first part of an incremental backup
  }
  return digests;
}

/** The earlier backup with the most 64 KiB blocks still the same on the chip, with its image. */
async function closestBackup(device: FlashDevice, store: BackupStore, candidates: StoredBackup[], digests: string[]) {
  let best: { backup: StoredBackup; image: Uint8Array; same: number } | null = null;
  for (const backup of candidates) {
    const image = await store.load(backup);
    if (image.length !== device.flashSize) continue;
    let same = 0;
    let index = 0;
    for (const [start, end] of ranges(0, image.length, DIGEST_BLOCK)) if (digests[index++] === device.localDigest(image.subarray(start, end))) same++;
    if (!best || same > best.same) best = { backup, image, same };
  }
  return best && best.same > 0 ? best : null;
}

export async function backupDevice(device: FlashDevice, store: BackupStore, hooks: JobHooks): Promise<BackupResult> {
  const sectorsTotal = device.flashSize / device.sectorSize;
  try {
    const { image, sectorsRead, from } = await withProgress(hooks, 'backup', async (progress) => {
      const candidates = await candidatesFor(device, store);
      if (candidates.length) {
        const digests = await chipBlockDigests(device, progress);
        const closest = await closestBackup(device, store, candidates, digests);
        if (closest) {
          const image = closest.image.slice();
          const sectorsRead = await refresh(device, image, digests, progress);
          return { image, sectorsRead, from: closest.backup };
        }
      }
      return { image: await device.read(0, device.flashSize, progress), sectorsRead: sectorsTotal, from: null };
    });
    const backup = await store.save({ vendor: device.vendor, family: device.family, flashId: device.flashId, mac: device.mac ?? macOfImage(image), takenAt: new Date() }, image);
    return { backup, sectorsRead, sectorsTotal, incrementalFrom: from?.name ?? null, image };
  } catch (error) {
    if (error instanceof TransferInterruptedError) {
      throw new JobError(`the backup read stopped at ${hex(error.address)} (${error.cause.message}); nothing was written to the flash: run the command again`, 'device');
    }
    throw error;
  }
}

/** One line about a backup for the user. */
export function describeBackup(result: BackupResult): string {
  const how = result.incrementalFrom
    ? `${result.sectorsRead} of ${result.sectorsTotal} sectors read, the rest unchanged since ${result.incrementalFrom}`
    : 'the whole flash read';
  return `backup of the whole flash saved to ${result.backup.location} (${how})`;
}

/**
 * After a verified write: what the flash now holds (the backup with the written range), kept as the
 * starting point of the next incremental backup of this chip. Not a backup: `fwkit backups` does not list it.
 */
export async function rememberFlash(store: BackupStore, backup: StoredBackup, image: Uint8Array, written: { address: number; data: Uint8Array }): Promise<void> {
  if (!store.saveReference) return;
  const now = image.slice();
  now.set(written.data.subarray(0, Math.max(0, now.length - written.address)), written.address);
  await store.saveReference({ ...backup, takenAt: new Date() }, now);
}
