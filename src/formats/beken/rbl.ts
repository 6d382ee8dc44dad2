import { platform } from '../../platform/index.js';
import { FormatError, hex } from '../errors.js';
import { gunzipWithin } from '../gunzip-within.js';
import { InflateLimitError } from '../inflate-limit.js';
import { LARGEST_FLASH } from '../largest-flash.js';
import { crc32Ieee, fnv1a32 } from './checksums.js';

/** The 96-byte RT-Thread OTA header, used both as an OTA file header and as a partition trailer. */
export const RBL_HEADER_SIZE = 0x60;
export const RBL_MAGIC = 0x004c4252; // "RBL\0"

export const RblCrypt = { none: 0, xor: 1, aes256: 2 } as const;
export const RblCompress = { none: 0, gzip: 1, quicklz: 2, fastlz: 3 } as const;

/** Tuya/OpenBeken OTA key material (ASCII bytes used directly). */
export const TUYA_OTA_AES_KEY = '0123456789ABCDEF0123456789ABCDEF';
export const TUYA_OTA_AES_IV = '0123456789ABCDEF';

export interface RblHeader {
  crypt: number;
  compress: number;
  timestamp: number;
  name: string;
  version: string;
  sn: string;
  crc32: number;
  hash: number;
  sizeRaw: number;
  sizePackage: number;
  infoCrc32: number;
  /** True when info_crc32 matches the raw 92 header bytes. */
  infoCrcValid: boolean;
}

/** Text up to the first NUL: real trailers carry garbage after it. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder('latin1').decode(end < 0 ? bytes : bytes.subarray(0, end));
}

export function isRblHeader(data: Uint8Array, offset = 0): boolean {
  return data.length >= offset + RBL_HEADER_SIZE && data[offset] === 0x52 && data[offset + 1] === 0x42 && data[offset + 2] === 0x4c && data[offset + 3] === 0;
}

/** Decodes the header at `offset`; throws when the magic is missing. */
export function decodeRblHeader(data: Uint8Array, offset = 0): RblHeader {
  if (!isRblHeader(data, offset)) throw new FormatError(offset, 'no RBL header (magic "RBL\\0" expected)');
  const raw = data.subarray(offset, offset + RBL_HEADER_SIZE);
  const view = new DataView(raw.buffer, raw.byteOffset, RBL_HEADER_SIZE);
  const u32 = (at: number): number => view.getUint32(at, true);
  return {
    crypt: raw[4],
    compress: raw[5],
    timestamp: u32(0x08),
    name: cString(raw.subarray(0x0c, 0x1c)),
    version: cString(raw.subarray(0x1c, 0x34)),
    sn: cString(raw.subarray(0x34, 0x4c)),
    crc32: u32(0x4c),
    hash: u32(0x50),
    sizeRaw: u32(0x54),
    sizePackage: u32(0x58),
    infoCrc32: u32(0x5c),
    infoCrcValid: crc32Ieee(raw.subarray(0, 0x5c)) === u32(0x5c),
  };
}

export interface RblHeaderFields {
  crypt?: number;
  compress?: number;
  timestamp: number;
  name: string;
  version: string;
  crc32: number;
  hash: number;
  sizeRaw: number;
  sizePackage: number;
}

/** Encodes a header (strings NUL-padded, sn = 23 × '0'), with its info_crc32. */
export function encodeRblHeader(fields: RblHeaderFields): Uint8Array {
  const out = new Uint8Array(RBL_HEADER_SIZE);
  const view = new DataView(out.buffer);
  view.setUint32(0, RBL_MAGIC, true);
  out[4] = fields.crypt ?? 0;
  out[5] = fields.compress ?? 0;
  view.setUint32(8, fields.timestamp >>> 0, true);
  putString(out, 0x0c, 16, fields.name);
  putString(out, 0x1c, 24, fields.version);
  putString(out, 0x34, 24, '0'.repeat(23));
  view.setUint32(0x4c, fields.crc32 >>> 0, true);
  view.setUint32(0x50, fields.hash >>> 0, true);
  view.setUint32(0x54, fields.sizeRaw >>> 0, true);
  view.setUint32(0x58, fields.sizePackage >>> 0, true);
  view.setUint32(0x5c, crc32Ieee(out.subarray(0, 0x5c)), true);
  return out;
}

function putString(out: Uint8Array, offset: number, size: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length >= size) throw new FormatError(offset, `"${text}" does not fit in ${size - 1} bytes`);
  out.set(bytes, offset);
}

// ---------- partition trailers ----------

export interface TrailerCheck {
  header: RblHeader;
  /** crc32 over the stored bytes plus the virtual padding. */
  crcValid: boolean;
  hashValid: boolean;
  /** Which padding matched: PKCS#7-style bytes of value n, 0xFF bytes, or none (n = 0). */
  padding: 'value' | 'ff' | 'none' | null;
}

/**
 * Checks a partition trailer against the partition's stored logical bytes (CRC stripped, still
 * encrypted): hash = FNV-1a(S[0:size_raw]); crc32 = CRC-32(S[0:size_raw] ‖ n virtual pad bytes).
 */
export function verifyTrailer(partition: Uint8Array, header: RblHeader): TrailerCheck {
  const fits = header.sizeRaw <= partition.length - RBL_HEADER_SIZE && header.sizePackage >= header.sizeRaw && header.sizePackage - header.sizeRaw <= 16;
  if (!fits) return { header, crcValid: false, hashValid: false, padding: null };
  const body = partition.subarray(0, header.sizeRaw);
  const n = header.sizePackage - header.sizeRaw;
  const bodyCrc = crc32Ieee(body);
  let padding: TrailerCheck['padding'] = null;
  if (n === 0) padding = bodyCrc === header.crc32 ? 'none' : null;
  else if (crc32Ieee(new Uint8Array(n).fill(n), bodyCrc) === header.crc32) padding = 'value';
  else if (crc32Ieee(new Uint8Array(n).fill(0xff), bodyCrc) === header.crc32) padding = 'ff';
  return { header, crcValid: padding !== null, hashValid: fnv1a32(body) === header.hash, padding };
}

/** Builds the trailer for a partition body: the packager pads the size to 16 (PKCS#7 style). */
export function buildTrailer(body: Uint8Array, name: string, timestamp: number, version = '1.00'): Uint8Array {
  const n = 16 - (body.length % 16);
  return encodeRblHeader({
    timestamp,
    name,
    version,
    crc32: crc32Ieee(new Uint8Array(n).fill(n), crc32Ieee(body)),
    hash: fnv1a32(body),
    sizeRaw: body.length,
    sizePackage: body.length + n,
  });
}

/**
 * The same trailer over another body, re-using an original trailer's raw 96 bytes: magic, crypt,
 * compress, timestamp and the name/version/sn fields stay byte for byte (with whatever follows their
 * NULs); crc32, hash and both sizes are computed over `body`, then info_crc32 over the result.
 */
export function rebuildTrailer(body: Uint8Array, original: Uint8Array, timestamp?: number): Uint8Array {
  if (!isRblHeader(original)) throw new FormatError(0, 'the original trailer is not an RBL header (magic "RBL\\0" expected)');
  const out = original.slice(0, RBL_HEADER_SIZE);
  const view = new DataView(out.buffer);
  const n = 16 - (body.length % 16);
  if (timestamp !== undefined) view.setUint32(0x08, timestamp >>> 0, true);
  view.setUint32(0x4c, crc32Ieee(new Uint8Array(n).fill(n), crc32Ieee(body)), true);
  view.setUint32(0x50, fnv1a32(body), true);
  view.setUint32(0x54, body.length, true);
  view.setUint32(0x58, body.length + n, true);
  view.setUint32(0x5c, crc32Ieee(out.subarray(0, 0x5c)), true);
  return out;
}

// ---------- OTA files ----------

export interface RblAesOptions {
  key?: string | Uint8Array;
  iv?: string | Uint8Array;
}

export interface RblFile {
  header: RblHeader;
  packageCrcValid: boolean;
  /** The unpacked raw firmware, when it could be unpacked. */
  raw: Uint8Array | null;
  hashValid: boolean;
  /** Why `raw` is null or invalid, one sentence. */
  problem: string | null;
}

const bytesOf = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? new TextEncoder().encode(v) : v);

/** Decodes an OTA .rbl file: header at 0, package after it; AES-256-CBC and gzip undone. */
export function decodeRblFile(data: Uint8Array, aes: RblAesOptions = {}): RblFile {
  const header = decodeRblHeader(data);
  const result: RblFile = { header, packageCrcValid: false, raw: null, hashValid: false, problem: null };
  if (!header.infoCrcValid) return { ...result, problem: 'the RBL header checksum (info_crc32) does not match' };
  const pkgEnd = RBL_HEADER_SIZE + header.sizePackage;
  if (data.length < pkgEnd) return { ...result, problem: `the package is truncated: ${data.length - RBL_HEADER_SIZE} of ${header.sizePackage} bytes present` };
  const pkg = data.subarray(RBL_HEADER_SIZE, pkgEnd);
  result.packageCrcValid = crc32Ieee(pkg) === header.crc32;
  if (!result.packageCrcValid) return { ...result, problem: 'the package CRC-32 does not match the header: the file is damaged' };
  try {
    const plain = unpackCrypt(pkg, header.crypt, aes);
    const raw = unpackCompression(plain, header.compress, header.sizeRaw);
    result.raw = raw;
    result.hashValid = raw.length === header.sizeRaw && fnv1a32(raw) === header.hash;
    if (!result.hashValid) result.problem = 'the unpacked firmware does not match the header size and FNV-1a hash (wrong AES key?)';
  } catch (error) {
    result.problem = error instanceof FormatError ? error.problem : String(error);
  }
  return result;
}

function unpackCrypt(pkg: Uint8Array, crypt: number, aes: RblAesOptions): Uint8Array {
  if (crypt === RblCrypt.none) return pkg;
  if (crypt !== RblCrypt.aes256) throw new FormatError(4, crypt === RblCrypt.xor ? 'XOR-encrypted RBL packages are not supported (nor by the bootloaders)' : `unknown RBL encryption ${crypt}`);
  if (pkg.length % 16 !== 0) throw new FormatError(RBL_HEADER_SIZE, 'the AES package is not a multiple of 16 bytes');
  const out = platform.aesCbc('decrypt', bytesOf(aes.key ?? TUYA_OTA_AES_KEY), bytesOf(aes.iv ?? TUYA_OTA_AES_IV), pkg);
  const n = out[out.length - 1];
  // PKCS#7 padding; the Windows packager pads with 0xFF instead, only when unaligned.
  if (n >= 1 && n <= 16 && out.subarray(out.length - n).every((b) => b === n)) return new Uint8Array(out.buffer, out.byteOffset, out.length - n);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** PKCS#7: 1..16 bytes, each the count, up to the next multiple of 16. */
function pkcs7Pad(data: Uint8Array): Uint8Array {
  const n = 16 - (data.length % 16);
  const out = new Uint8Array(data.length + n).fill(n);
  out.set(data);
  return out;
}

/** Undoes the compression; a gzip package never inflates past the raw size the header declares. */
function unpackCompression(plain: Uint8Array, compress: number, sizeRaw: number): Uint8Array {
  switch (compress) {
    case RblCompress.none:
      return plain;
    case RblCompress.gzip:
      if (plain[0] !== 0x1f || plain[1] !== 0x8b) throw new FormatError(RBL_HEADER_SIZE, 'the package does not decrypt to a gzip stream (wrong AES key or IV?)');
      if (sizeRaw > LARGEST_FLASH) throw new FormatError(0x54, `the RBL header declares a raw size of ${sizeRaw} bytes, more than the largest flash (${LARGEST_FLASH} bytes) holds`);
      try {
        return gunzipWithin(plain, sizeRaw);
      } catch (error) {
        if (error instanceof InflateLimitError) {
          throw new FormatError(RBL_HEADER_SIZE, `the gzip package inflates past the ${sizeRaw} bytes the RBL header declares (raw size); unpacking stopped there`);
        }
        throw new FormatError(RBL_HEADER_SIZE, 'the gzip stream inside the package is damaged');
      }
    case RblCompress.quicklz:
      throw new FormatError(5, 'QuickLZ-compressed RBL packages are recognised but not unpacked by fwkit');
    case RblCompress.fastlz:
      throw new FormatError(5, 'FastLZ-compressed RBL packages are not supported (nor by the Tuya bootloaders)');
    default:
      throw new FormatError(5, `unknown RBL compression ${compress}`);
  }
}

export interface RblEncodeOptions extends RblAesOptions {
  name?: string;
  version: string;
  timestamp: number;
  compress?: 'gzip' | 'none';
  encrypt?: boolean;
}

/** Packs a raw (plain, unencrypted) app into an OTA .rbl: gzip, PKCS#7, AES-256-CBC, header. */
export function encodeRblFile(raw: Uint8Array, options: RblEncodeOptions): Uint8Array {
  const compress = options.compress ?? 'gzip';
  const encrypt = options.encrypt ?? true;
  // node's zlib writes mtime 0, like the reference packager; it loads faster than a JS inflater.
  let pkg: Uint8Array = compress === 'gzip' ? platform.gzip(raw, 9) : raw;
  if (encrypt) pkg = platform.aesCbc('encrypt', bytesOf(options.key ?? TUYA_OTA_AES_KEY), bytesOf(options.iv ?? TUYA_OTA_AES_IV), pkcs7Pad(pkg));
  const header = encodeRblHeader({
    crypt: encrypt ? RblCrypt.aes256 : RblCrypt.none,
    compress: compress === 'gzip' ? RblCompress.gzip : RblCompress.none,
    timestamp: options.timestamp,
    name: options.name ?? 'app',
    version: options.version,
    crc32: crc32Ieee(pkg),
    hash: fnv1a32(raw),
    sizeRaw: raw.length,
    sizePackage: pkg.length,
  });
  const file = new Uint8Array(RBL_HEADER_SIZE + pkg.length);
  file.set(header);
  file.set(pkg, RBL_HEADER_SIZE);
  return file;
}

export function describeAlgo(header: Pick<RblHeader, 'crypt' | 'compress'>): string {
  const crypt = ['none', 'XOR', 'AES-256-CBC'][header.crypt] ?? `crypt ${hex(header.crypt)}`;
  const compress = ['none', 'gzip', 'QuickLZ', 'FastLZ'][header.compress] ?? `compression ${hex(header.compress)}`;
  return `${compress} + ${crypt}`;
}
