import type { InspectReport } from '../../formats/report.js';

/** Where firmware lives on a Bouffalo chip, read from its own partition table (see chipLayout). */
export interface BouffaloChipLayout {
  flashSize: number;
  /** Active FW slot offset and its size, from the partition table on the chip. */
  firmware: { offset: number; maxLength: number } | null;
  /** A boot header with a flash configuration (the chip's FW header, or boot2's) to wrap raw firmware with. */
  template: Uint8Array | null;
  /** The first byte past boot2 and the partition tables: the lowest partition the chip's table lists. */
  bootEnd: number;
}

/** The chip the session identified. */
export interface GateChip {
  vendor: 'beken' | 'bouffalo';
  /** BK7231N, BK7231T, ..., BL602, BL702. */
  family: string;
  flashSize: number;
  /** False on families whose bootloader defends itself against UART writes (BK7231T/U, BK7252, BK7231Q). */
  bootloaderWritable: boolean;
  /** Bouffalo only: the chip's partition table and firmware header. */
  layout?: BouffaloChipLayout | null;
}

/** The user's options; every override is a flag of its own. */
export interface GateOptions {
  offset?: number;
  overwriteBootloader?: boolean;
  /** Keep the chip's own identity sectors (RF calibration and MAC, Tuya keys) instead of the file's. */
  keepIdentity?: boolean;
  /** Write the file's identity sectors over the chip's (cloning the device the file came from). */
  replaceIdentity?: boolean;
  forceFamily?: boolean;
  forceDamaged?: boolean;
  forceOffset?: boolean;
  forceNoFirmware?: boolean;
}

export interface GateRequest {
  /** The file's name, for the sentences. */
  file: string;
  data: Uint8Array;
  report: InspectReport;
  chip: GateChip;
  options: GateOptions;
}

export interface FlashRange {
  offset: number;
  length: number;
}

/** What the gate needs to read from the chip before it can decide a write: see evidenceWanted. */
export interface EvidenceWanted {
  /** The chip's bytes at these ranges: its identity sectors, where the file has its own. */
  identity: FlashRange[];
  /** Compare the chip's bootloader region with these bytes (a full image whose bootloader is skipped). */
  bootloader: { offset: number; data: Uint8Array } | null;
}

export interface ChipEvidence {
  /** The chip's bytes at the ranges evidenceWanted named. */
  regions: ReadonlyArray<{ offset: number; data: Uint8Array }>;
  /** The chip's bootloader region differs from the file's (undefined: not compared). */
  bootloaderDiffers?: boolean;
}

/** What goes where: the one write the gate allows, and what it leaves out. */
export interface GatePlan {
  /** What the file is (inspect's kind on Beken; whole-flash, firmware, raw-firmware, boot2, at-address on Bouffalo). */
  kind: string;
  address: number;
  /** What goes to the flash, padded to whole 4 KiB sectors. */
  data: Uint8Array;
  /** One phrase: what is written where. */
  description: string;
  /** What is skipped or kept, and why; for the report. */
  notes: string[];
}
