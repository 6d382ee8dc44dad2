import { FormatError } from '../errors.js';
import { fromHex, toHex } from '../bytes.js';
import { stripCrc } from '../beken/blocks.js';
import { decodeRblHeader, isRblHeader, RBL_HEADER_SIZE } from '../beken/rbl.js';
import { TRAILER_PHYS_SIZE } from '../beken/partition.js';
import { readBekenSource, type BekenSource } from './beken-source.js';

/** Marks a `convert decrypt --trailer-out` sidecar file. */
export const TRAILER_SIDECAR_FORMAT = 'fwkit-beken-app-trailer';

/**
 * What a plain app cannot carry of its stored trailer: the raw 96-byte RBL header (`header`, hex, with
 * the bytes the packager left after the NULs of name, version and sn), and its fields as read.
 */
export interface TrailerFacts {
  header: string;
  name: string;
  version: string;
  sn: string;
  timestamp: number;
}

/** The app trailer's raw 96 bytes (CRC16 stripped), or null when the partition has none. */
export function storedTrailer(source: BekenSource): Uint8Array | null {
  if (!source.app.trailer) return null;
  const end = source.app.physLength;
  return stripCrc(source.appBytes.subarray(end - TRAILER_PHYS_SIZE, end)).slice(0, RBL_HEADER_SIZE);
}

export function trailerFacts(raw: Uint8Array): TrailerFacts {
  const { name, version, sn, timestamp } = decodeRblHeader(raw);
  return { header: toHex(raw), name, version, sn, timestamp };
}

/** The sidecar `convert decrypt --trailer-out` writes: the trailer facts as a JSON document. */
export function encodeTrailerSidecar(raw: Uint8Array): string {
  return JSON.stringify({ format: TRAILER_SIDECAR_FORMAT, ...trailerFacts(raw) }, null, 2) + '\n';
}

function headerFromHex(text: unknown): Uint8Array {
  if (typeof text !== 'string' || !/^[0-9a-f]{192}$/i.test(text)) throw new FormatError(0, 'the JSON has no "header" of 192 hex digits (the 96-byte trailer)');
  const raw = fromHex(text);
  if (!isRblHeader(raw)) throw new FormatError(0, 'the "header" in the JSON is not an RBL header (magic "RBL\\0" expected)');
  return raw;
}

/**
 * The original trailer's raw 96 bytes from a sidecar (or `convert decrypt --json` output, whose
 * `trailer` holds the same facts), a bare 96-byte RBL header, or a dump, QIO or UA with an app trailer.
 */
export function readTrailerTemplate(data: Uint8Array): Uint8Array {
  if (data[0] === 0x7b) {
    let document: { header?: unknown; trailer?: { header?: unknown } | null };
    try {
      document = JSON.parse(new TextDecoder().decode(data)) as typeof document;
    } catch {
      throw new FormatError(0, 'the file starts like JSON but does not parse as JSON');
    }
    return headerFromHex(document.header ?? document.trailer?.header);
  }
  if (data.length === RBL_HEADER_SIZE && isRblHeader(data)) return data.slice();
  const raw = storedTrailer(readBekenSource(data));
  if (!raw) throw new FormatError(0, 'the app partition of the file has no trailer to take the facts from');
  return raw;
}
