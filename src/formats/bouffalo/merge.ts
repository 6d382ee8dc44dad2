import { FormatError, hex } from '../errors.js';
import { checkWithinFlash } from '../largest-flash.js';
import { startsWithBootHeader, FIRMWARE_IMAGE_GAP, readBootImage } from './boot-image.js';
import { decodeBootHeader } from './boot-header.js';
import { activeSlot, decodePartitionTable, findEntry, isValidTable } from './partition-table.js';

/** The fixed places of the BL602 layout (and BL702 with an external boot2). */
const TABLE_OFFSETS = [0xe000, 0xf000] as const;

export interface MergeInput {
  /** boot2 image: boot header at 0, code at the header's img_start. */
  boot2: Uint8Array;
  /** A partition table (partition.bin). */
  table: Uint8Array;
  /** A firmware image (boot header, code 4 KiB in), placed at the FW entry's active slot. */
  firmware: Uint8Array;
  /** Further files by partition name (factory, media, PSM, ...), each written at its partition start. */
  parts?: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
}

/** A complaint about one of the inputs, naming which one. */
export class MergeInputError extends FormatError {
  constructor(
    readonly input: 'boot2' | 'table' | 'firmware',
    error: FormatError,
  ) {
    super(error.offset, error.problem);
  }
}

/** Runs a check of one input, tagging its complaint with the input's role. */
function about<T>(input: MergeInputError['input'], check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof FormatError) throw new MergeInputError(input, error);
    throw error;
  }
}

export interface MergedImage {
  bytes: Uint8Array;
  /** Where each piece went, in flash order. */
  placed: Array<{ what: string; offset: number; length: number }>;
  warnings: string[];
}

function hashComplaint(status: 'bad' | 'truncated'): string {
  return status === 'bad' ? 'does not match the SHA-256 in its header' : 'is shorter than its header says';
}

function checkedBoot2(boot2: Uint8Array): void {
  if (!startsWithBootHeader(boot2)) throw new FormatError(0, 'the boot2 image does not start with a boot header ("BFNP")');
  const image = readBootImage(boot2, 0, decodeBootHeader(boot2).imageStart);
  if (image.hash === 'bad' || image.hash === 'truncated') throw new FormatError(image.imageOffset, `the boot2 code at ${hex(image.imageOffset)} ${hashComplaint(image.hash)}`);
  if (boot2.length > TABLE_OFFSETS[0]) throw new FormatError(TABLE_OFFSETS[0], `the boot2 image is ${hex(boot2.length)} bytes long and would cover the partition table at ${hex(TABLE_OFFSETS[0])}`);
}

function checkedFirmware(firmware: Uint8Array): void {
  const image = readBootImage(firmware, 0, FIRMWARE_IMAGE_GAP);
  if (image.hash === 'bad' || image.hash === 'truncated') throw new FormatError(FIRMWARE_IMAGE_GAP, `the firmware image ${hashComplaint(image.hash)}`);
}

/** A run of bytes to write at a flash offset. */
export interface FlashPiece {
  what: string;
  offset: number;
  bytes: Uint8Array;
}

/**
 * Writes pieces over erased flash (0xFF), refusing overlaps: the result ends after the last byte
 * written, or is padded to `flashSize`. Either past the largest flash throws BeyondFlashError first.
 */
export function layPieces(pieces: FlashPiece[], flashSize?: number): Pick<MergedImage, 'bytes' | 'placed'> {
  const sorted = [...pieces].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1], sorted[i]];
    const beforeEnd = before.offset + before.bytes.length;
    if (after.offset < beforeEnd) throw new RangeError(`${before.what} (${hex(before.offset)}..${hex(beforeEnd)}) would overlap ${after.what} at ${hex(after.offset)}`);
  }
  const end = Math.max(0, ...sorted.map((p) => p.offset + p.bytes.length));
  if (flashSize !== undefined) checkWithinFlash('the flash size', flashSize);
  if (flashSize !== undefined && end > flashSize) throw new RangeError(`the pieces reach ${hex(end)}, past the ${hex(flashSize)}-byte flash`);
  checkWithinFlash(`the end of ${sorted.find((p) => p.offset + p.bytes.length === end)?.what ?? 'the pieces'}`, end);
  const bytes = new Uint8Array(flashSize ?? end).fill(0xff);
  for (const piece of sorted) bytes.set(piece.bytes, piece.offset);
  const placed = sorted.map(({ what, offset, bytes: b }) => ({ what, offset, length: b.length }));
  return { bytes, placed };
}

/**
 * Lays boot2, both partition-table copies, the firmware and further partitions over erased flash
 * (0xFF), as DevCube's merged image does: the result ends after the last byte written, or is padded
 * to `flashSize`.
 */
export function mergeFlashImage(input: MergeInput, flashSize?: number): MergedImage {
  about('boot2', () => checkedBoot2(input.boot2));
  about('firmware', () => checkedFirmware(input.firmware));
  const table = about('table', () => {
    const decoded = decodePartitionTable(input.table);
    if (!isValidTable(decoded)) throw new FormatError(0, 'the partition table fails its CRC check');
    return decoded;
  });
  const fw = findEntry(table, 'FW');
  if (!fw) throw new MergeInputError('table', new FormatError(0, 'the partition table has no FW entry'));

  const warnings: string[] = [];
  const slot = activeSlot(fw);
  const pieces: FlashPiece[] = [
    { what: 'boot2', offset: 0, bytes: input.boot2 },
    ...TABLE_OFFSETS.map((offset) => ({ what: 'partition table', offset, bytes: input.table.subarray(0, table.byteLength) })),
    { what: `firmware (FW slot ${slot})`, offset: fw.address[slot], bytes: input.firmware },
  ];
  if (input.firmware.length > fw.maxLength[slot]) warnings.push(`the firmware image (${hex(input.firmware.length)} bytes) is longer than FW slot ${slot} (${hex(fw.maxLength[slot])})`);
  for (const part of input.parts ?? []) {
    const entry = findEntry(table, part.name);
    if (!entry) throw new RangeError(`the partition table has no "${part.name}" entry (it lists ${table.entries.map((e) => e.name).join(', ')})`);
    const partSlot = activeSlot(entry);
    if (part.bytes.length > entry.maxLength[partSlot]) {
      throw new RangeError(`the ${part.name} file (${hex(part.bytes.length)} bytes) does not fit its partition (${hex(entry.maxLength[partSlot])} bytes)`);
    }
    pieces.push({ what: part.name, offset: entry.address[partSlot], bytes: part.bytes });
  }
  const { bytes, placed } = layPieces(pieces, flashSize);
  return { bytes, placed, warnings };
}
