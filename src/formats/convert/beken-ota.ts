import { FormatError } from '../errors.js';
import { bytesEqual } from '../bytes.js';
import { decodeRblFile, decodeRblHeader, encodeRblFile, isRblHeader, type RblAesOptions, type RblEncodeOptions, type RblHeader } from '../beken/rbl.js';
import { decodeUg, encodeUg, isUg } from '../beken/ug.js';
import type { Converted } from './beken-images.js';

/** What is wrong with a UG wrapper, one sentence each. */
function ugProblems(data: Uint8Array): string[] {
  const ug = decodeUg(data);
  const problems: string[] = [];
  if (!ug.headerSumValid) problems.push('the UG header checksum does not match: the header is damaged');
  if (ug.payload.length < ug.payloadLength) problems.push(`the UG file is truncated: ${ug.payload.length} of ${ug.payloadLength} payload bytes present`);
  else if (!ug.payloadSumValid) problems.push('the UG payload byte-sum does not match: the file is damaged');
  if (data.length > 32 + ug.payloadLength) problems.push(`${data.length - 32 - ug.payloadLength} bytes follow the UG payload`);
  return problems;
}

/** The RBL inside a UG file, or the file itself when it is an RBL. */
function rblOf(data: Uint8Array): { rbl: Uint8Array; problems: string[] } {
  if (isUg(data)) return { rbl: decodeUg(data).payload, problems: ugProblems(data) };
  if (isRblHeader(data)) return { rbl: data, problems: [] };
  throw new FormatError(0, 'the file is neither an RBL OTA package ("RBL\\0") nor a Tuya UG file (55 AA 55 AA)');
}

/** RBL or UG -> the plain app, checked against the header's size and FNV-1a hash. */
export function unpackRbl(data: Uint8Array, aes: RblAesOptions = {}): Converted & { header: RblHeader } {
  const { rbl, problems } = rblOf(data);
  const file = decodeRblFile(rbl, aes);
  if (!file.raw) throw new FormatError(0, file.problem ?? 'the package could not be unpacked');
  if (file.problem) problems.push(file.problem);
  return { bytes: file.raw, problems, header: file.header };
}

/** Plain app -> RBL OTA package (gzip, PKCS#7, AES-256-CBC by default), checked by unpacking it again. */
export function packRbl(raw: Uint8Array, options: RblEncodeOptions): Converted {
  const bytes = encodeRblFile(raw, options);
  const back = decodeRblFile(bytes, options);
  const problems = back.raw && bytesEqual(back.raw, raw) ? [] : [`the package does not unpack to the input again${back.problem ? ` (${back.problem})` : ''}`];
  return { bytes, problems };
}

/** RBL -> Tuya UG (header with byte sums, then the RBL unchanged); the version defaults to the RBL's. */
export function wrapUg(rbl: Uint8Array, version?: string): Converted & { version: string } {
  const header = decodeRblHeader(rbl);
  const chosen = version ?? header.version;
  return { bytes: encodeUg(rbl, chosen), problems: [], version: chosen };
}

/** UG -> the RBL it wraps. */
export function unwrapUg(ug: Uint8Array): Converted {
  if (!isUg(ug)) throw new FormatError(0, 'no Tuya UG header (55 AA 55 AA … AA 55 AA 55 expected)');
  const problems = ugProblems(ug);
  return { bytes: decodeUg(ug).payload.slice(), problems };
}
