/**
 * Whole-range flash operations on an identified chip: read, differential write, erase and verify,
 * each checked against the chip's own CRC, with retries per sector and progress through a callback.
 */
import { BekenClient, ProtocolError } from './client.js';
import { chipCrc } from './crc.js';
import { BOOTLOADER_END, familyTraits, SECTOR_SIZE } from './families.js';
import { EraseSize } from './frames.js';
import type { ChipInfo } from './session.js';

export const BLOCK_SIZE = 0x10000;
const COMMAND_ATTEMPTS = 3;
const CRC_ROUNDS = 20;
const WRITE_ATTEMPTS = 4;

export type ProgressCallback = (doneBytes: number, totalBytes: number) => void;

export interface FlashTarget {
  client: BekenClient;
  info: ChipInfo;
}

/** What addressing needs: the family (does it guard its bootloader?) and the flash size (where it wraps). */
export interface AddressedTarget {
  client: BekenClient;
  info: Pick<ChipInfo, 'family' | 'flashSize'>;
}

/** A transfer that stopped half way; `address` is where the flash stops being trustworthy. */
export class TransferInterruptedError extends Error {
  constructor(
    readonly address: number,
    override readonly cause: Error,
  ) {
    super(`stopped at 0x${address.toString(16).toUpperCase()}: ${cause.message}`);
    this.name = 'TransferInterruptedError';
  }
}

export interface WriteStats {
  sectorsWritten: number;
  sectorsErased: number;
  sectorsSkipped: number;
  retries: number;
}

/** Bootloader chips refuse raw addresses below 0x11000; the same bytes answer at address + size. */
export function wireAddress(info: AddressedTarget['info'], address: number): number {
  return familyTraits(info.family).guardsBootloader && address < BOOTLOADER_END ? address + info.flashSize : address;
}

async function retrying<T>(client: BekenClient, what: () => string, body: () => Promise<T>, onRetry?: () => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await body();
    } catch (error) {
      if (!(error instanceof ProtocolError) || attempt >= COMMAND_ATTEMPTS) {
        throw error instanceof ProtocolError ? new ProtocolError(`${what()}: ${error.message} (after ${attempt} attempts)`) : error;
      }
      onRetry?.();
      await client.transport.drain(10, 1000);
    }
  }
}

function hex(address: number): string {
  return `0x${address.toString(16).toUpperCase()}`;
}

/** Chip CRC of [start, end) in physical addresses. */
export function chipRangeCrc({ client, info }: AddressedTarget, start: number, end: number): Promise<number> {
  const wire = wireAddress(info, start);
  return retrying(client, () => `CRC of ${hex(start)}-${hex(end)}`, () => client.checkCrc(wire, wire + (end - start)));
}

function readSector(target: AddressedTarget, address: number): Promise<Uint8Array> {
  return retrying(target.client, () => `reading ${hex(address)}`, () => target.client.read4k(wireAddress(target.info, address)));
}

function* blocks(start: number, end: number): Generator<[number, number]> {
  for (let at = start; at < end; ) {
    const next = Math.min(end, (Math.floor(at / BLOCK_SIZE) + 1) * BLOCK_SIZE);
    yield [at, next];
    at = next;
  }
}

/**
 * Reads [start, end) in physical order, 64 KiB at a time; each block is checked against the chip's
 * CRC, and on a mismatch the sectors whose own CRC disagrees are read again.
 */
export async function readRange(
  target: AddressedTarget,
  start: number,
  end: number,
  onBlock: (address: number, data: Uint8Array) => Promise<void> | void,
  onProgress?: ProgressCallback,
): Promise<void> {
  let done = 0;
  for (const [blockStart, blockEnd] of blocks(start, end)) {
    try {
      const data = new Uint8Array(blockEnd - blockStart);
      for (let at = blockStart; at < blockEnd; at += SECTOR_SIZE) {
        data.set(await readSector(target, at), at - blockStart);
        done += SECTOR_SIZE;
        onProgress?.(done, end - start);
      }
      for (let round = 0; (await chipRangeCrc(target, blockStart, blockEnd)) !== chipCrc(data); round++) {
        if (round >= CRC_ROUNDS) throw new ProtocolError(`the data read at ${hex(blockStart)} keeps disagreeing with the chip's CRC`);
        for (let at = blockStart; at < blockEnd; at += SECTOR_SIZE) {
          const offset = at - blockStart;
          if ((await chipRangeCrc(target, at, at + SECTOR_SIZE)) !== chipCrc(data.subarray(offset, offset + SECTOR_SIZE))) {
            data.set(await readSector(target, at), offset);
          }
        }
      }
      await onBlock(blockStart, data);
    } catch (error) {
      if (error instanceof ProtocolError) throw new TransferInterruptedError(blockStart, error);
      throw error;
    }
  }
}

function isErased(data: Uint8Array): boolean {
  return data.every((b) => b === 0xff);
}

/**
 * Writes `data` at `start` (both 4 KiB aligned): sectors whose chip CRC already matches are skipped;
 * the others are erased (64 KiB at once when a whole block differs), written unless all 0xFF, and
 * checked by CRC, with erase-and-rewrite retries.
 */
export async function writeRange(target: FlashTarget, start: number, data: Uint8Array, onProgress?: ProgressCallback): Promise<WriteStats> {
  const { client } = target;
  const stats: WriteStats = { sectorsWritten: 0, sectorsErased: 0, sectorsSkipped: 0, retries: 0 };
  const end = start + data.length;
  let done = 0;
  const slice = (at: number) => data.subarray(at - start, at - start + SECTOR_SIZE);
  for (const [blockStart, blockEnd] of blocks(start, end)) {
    let sector = blockStart;
    try {
      const blockData = data.subarray(blockStart - start, blockEnd - start);
      if ((await chipRangeCrc(target, blockStart, blockEnd)) === chipCrc(blockData)) {
        stats.sectorsSkipped += blockData.length / SECTOR_SIZE;
        done += blockData.length;
        onProgress?.(done, data.length);
        continue;
      }
      const differing: number[] = [];
      for (let at = blockStart; at < blockEnd; at += SECTOR_SIZE) {
        if ((await chipRangeCrc(target, at, at + SECTOR_SIZE)) !== chipCrc(slice(at))) differing.push(at);
        else stats.sectorsSkipped++;
      }
      const wholeBlock = differing.length === BLOCK_SIZE / SECTOR_SIZE;
      if (wholeBlock) {
        await retrying(client, () => `erasing ${hex(blockStart)}`, () => client.erase(wireAddress(target.info, blockStart), EraseSize.block64k));
        stats.sectorsErased += differing.length;
      }
      for (sector of differing) {
        await writeSector(target, sector, slice(sector), !wholeBlock, stats);
        done += SECTOR_SIZE;
        onProgress?.(done, data.length);
      }
      done += blockData.length - differing.length * SECTOR_SIZE;
      onProgress?.(done, data.length);
    } catch (error) {
      if (error instanceof ProtocolError) throw new TransferInterruptedError(sector, error);
      throw error;
    }
  }
  return stats;
}

async function writeSector(target: FlashTarget, address: number, sector: Uint8Array, eraseFirst: boolean, stats: WriteStats): Promise<void> {
  const { client, info } = target;
  const wire = wireAddress(info, address);
  const expected = chipCrc(sector);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    if (attempt > 0) stats.retries++;
    if (eraseFirst || attempt > 0) {
      await retrying(client, () => `erasing ${hex(address)}`, () => client.erase(wire, EraseSize.sector4k));
      stats.sectorsErased++;
    }
    if (!isErased(sector)) {
      await retrying(client, () => `writing ${hex(address)}`, () => client.write4k(wire, sector));
      stats.sectorsWritten++;
    }
    const actual = await chipRangeCrc(target, address, address + SECTOR_SIZE);
    if (actual === expected) return;
  }
  throw new ProtocolError(
    `the sector at ${hex(address)} does not hold the written data after ${WRITE_ATTEMPTS} attempts (is the flash write-protected?)`,
  );
}

/** Erases [start, end) (4 KiB aligned), skipping blocks already erased, then checks by CRC. */
export async function eraseRange(target: FlashTarget, start: number, end: number, onProgress?: ProgressCallback): Promise<number> {
  const { client, info } = target;
  let erased = 0;
  let done = 0;
  for (const [blockStart, blockEnd] of blocks(start, end)) {
    try {
      const erasedCrc = chipCrc(new Uint8Array(blockEnd - blockStart).fill(0xff));
      for (let round = 0; (await chipRangeCrc(target, blockStart, blockEnd)) !== erasedCrc; round++) {
        if (round >= 3) throw new ProtocolError(`the flash at ${hex(blockStart)} does not erase (is it write-protected?)`);
        if (blockEnd - blockStart === BLOCK_SIZE) {
          await retrying(client, () => `erasing ${hex(blockStart)}`, () => client.erase(wireAddress(info, blockStart), EraseSize.block64k));
        } else {
          for (let at = blockStart; at < blockEnd; at += SECTOR_SIZE) {
            await retrying(client, () => `erasing ${hex(at)}`, () => client.erase(wireAddress(info, at), EraseSize.sector4k));
          }
        }
        if (round === 0) erased += (blockEnd - blockStart) / SECTOR_SIZE;
      }
    } catch (error) {
      if (error instanceof ProtocolError) throw new TransferInterruptedError(blockStart, error);
      throw error;
    }
    done += blockEnd - blockStart;
    onProgress?.(done, end - start);
  }
  return erased;
}

/** Compares the chip with `data` at `start` by CRC; returns the 4 KiB sectors that differ. */
export async function verifyRange(target: FlashTarget, start: number, data: Uint8Array, onProgress?: ProgressCallback): Promise<number[]> {
  const differing: number[] = [];
  const end = start + data.length;
  for (const [blockStart, blockEnd] of blocks(start, end)) {
    const part = data.subarray(blockStart - start, blockEnd - start);
    if ((await chipRangeCrc(target, blockStart, blockEnd)) !== chipCrc(part)) {
      for (let at = blockStart; at < blockEnd; at += SECTOR_SIZE) {
        const sector = data.subarray(at - start, Math.min(at - start + SECTOR_SIZE, data.length));
        if ((await chipRangeCrc(target, at, at + sector.length)) !== chipCrc(sector)) differing.push(at);
      }
    }
    onProgress?.(blockEnd - start, data.length);
  }
  return differing;
}
