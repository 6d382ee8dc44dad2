import { crc32Of as crc32 } from '../bytes.js';
import { FormatError, hex } from '../errors.js';

/**
 * RAM images of BL602/BL702 (such as the eflash_loader): a 176-byte boot header whose length field
 * counts segments, then per segment a 16-byte segment header and its data (spec section 2.3).
 */
export const RAM_IMAGE_HEADER_SIZE = 176;
export const SEGMENT_HEADER_SIZE = 16;
const SEGMENT_COUNT_OFFSET = 120;
/** More segments than any real loader has; a larger count means the file is not a RAM image. */
const MAX_SEGMENTS = 16;

export interface SegmentHeader {
  /** RAM address the data is copied to. */
  destination: number;
  length: number;
  /** CRC32 of the segment data (the ISP document calls the field reserved; Bouffalo's tool fills it). */
  dataCrc: number;
  /** CRC32 of the first 12 bytes of the segment header. */
  headerCrc: number;
}

export interface RamSegment {
  offset: number;
  header: SegmentHeader;
  /** The 16 header bytes as stored. */
  headerBytes: Uint8Array;
  data: Uint8Array;
}

export interface RamImage {
  bootHeader: Uint8Array;
  segments: RamSegment[];
  /** Bytes after the last segment (zero padding in some files). */
  trailing: number;
}

export function decodeSegmentHeader(bytes: Uint8Array, offset = 0): SegmentHeader {
  if (bytes.length < offset + SEGMENT_HEADER_SIZE) throw new FormatError(offset, `segment header needs 16 bytes, ${bytes.length - offset} remain`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, SEGMENT_HEADER_SIZE);
  return {
    destination: view.getUint32(0, true),
    length: view.getUint32(4, true),
    dataCrc: view.getUint32(8, true),
    headerCrc: view.getUint32(12, true),
  };
}

export function segmentHeaderCrc(bytes: Uint8Array, offset = 0): number {
  return crc32(bytes.subarray(offset, offset + 12));
}

/** 16 bytes with both CRCs computed from `data`. */
export function encodeSegmentHeader(destination: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(SEGMENT_HEADER_SIZE);
  const view = new DataView(out.buffer);
  view.setUint32(0, destination >>> 0, true);
  view.setUint32(4, data.length, true);
  view.setUint32(8, crc32(data), true);
  view.setUint32(12, segmentHeaderCrc(out), true);
  return out;
}

/** Splits a RAM image into its boot header and segments; checks the segment CRCs. */
export function decodeRamImage(bytes: Uint8Array): RamImage {
  if (bytes.length < RAM_IMAGE_HEADER_SIZE + SEGMENT_HEADER_SIZE) {
    throw new FormatError(0, `a RAM image needs at least ${RAM_IMAGE_HEADER_SIZE + SEGMENT_HEADER_SIZE} bytes, the file has ${bytes.length}`);
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(SEGMENT_COUNT_OFFSET, true);
  if (count < 1 || count > MAX_SEGMENTS) throw new FormatError(SEGMENT_COUNT_OFFSET, `segment count ${count} is not 1..${MAX_SEGMENTS}`);
  const segments: RamSegment[] = [];
  let offset = RAM_IMAGE_HEADER_SIZE;
  for (let index = 0; index < count; index++) {
    const header = decodeSegmentHeader(bytes, offset);
    const expectedHeaderCrc = segmentHeaderCrc(bytes, offset);
    if (header.headerCrc !== expectedHeaderCrc) {
      throw new FormatError(offset + 12, `segment ${index} header CRC is ${hex(header.headerCrc, 8)}, expected ${hex(expectedHeaderCrc, 8)}`);
    }
    const dataStart = offset + SEGMENT_HEADER_SIZE;
    if (dataStart + header.length > bytes.length) {
      throw new FormatError(offset + 4, `segment ${index} announces ${header.length} bytes, only ${bytes.length - dataStart} remain`);
    }
    const data = bytes.subarray(dataStart, dataStart + header.length);
    const dataCrc = crc32(data);
    if (header.dataCrc !== dataCrc) {
      throw new FormatError(offset + 8, `segment ${index} data CRC is ${hex(header.dataCrc, 8)}, expected ${hex(dataCrc, 8)}`);
    }
    segments.push({ offset, header, headerBytes: bytes.subarray(offset, dataStart), data });
    offset = dataStart + header.length;
  }
  return { bootHeader: bytes.subarray(0, RAM_IMAGE_HEADER_SIZE), segments, trailing: bytes.length - offset };
}
