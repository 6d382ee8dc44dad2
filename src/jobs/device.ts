/**
 * One view of a connected chip, Beken or Bouffalo, for the jobs that do not care which: backups (per
 * device, incremental), the journal and restore. Each vendor adapter maps it onto its protocol client.
 */
import type { ProgressSink } from './ports.js';

export type Vendor = 'beken' | 'bouffalo';

export interface DeviceIdentity {
  vendor: Vendor;
  /** BK7231N, BL602, ... */
  family: string;
  /** JEDEC id as hex, when the chip can tell. */
  flashId: string | null;
  flashSize: number;
  /** The chip's own MAC or id when it can be read without the flash (Bouffalo eFuse); else null. */
  mac: string | null;
}

export interface FlashDevice extends DeviceIdentity {
  /** Smallest erase unit, 4 KiB on both vendors. */
  readonly sectorSize: number;
  /** The chip's digest of a range (CRC-32 on Beken, SHA-256 on Bouffalo), comparable with localDigest. */
  chipDigest(address: number, length: number): Promise<string>;
  localDigest(data: Uint8Array): string;
  /** Reads a range, every block checked against the chip's digest. */
  read(address: number, length: number, progress?: ProgressSink): Promise<Uint8Array>;
  /** Counts of what went over the wire so far, for reports: sectors read. */
  readonly sectorsRead: number;
}
