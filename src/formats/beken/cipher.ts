import { FormatError } from '../errors.js';

/**
 * The Beken flash cipher: each 32-bit little-endian word is XORed with a keystream word that
 * depends only on the word's logical address and a 128-bit key (four u32 coefficients k0..k3).
 * Encryption and decryption are the same operation.
 */
export type BekenKey = readonly [number, number, number, number];

/** Key burnt into Tuya BK7231T and BK7231N modules (also Beken's default). */
export const TUYA_KEY: BekenKey = [0x510fb093, 0xa3cbeadc, 0x5993a17e, 0xc7adeb03];
/** All-zero efuse: the cipher is bypassed, images are plaintext. */
export const ZERO_KEY: BekenKey = [0, 0, 0, 0];

export function formatKey(key: BekenKey): string {
  return key.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ');
}

/** Parses "k0 k1 k2 k3" (four hex words) or 32 hex digits. */
export function parseKey(text: string): BekenKey {
  const compact = text.trim().replace(/^0x/i, '').replace(/[\s,:]+(0x)?/gi, '');
  if (!/^[0-9a-f]{32}$/i.test(compact)) throw new FormatError(0, `"${text}" is not a Beken key (four 32-bit hex words)`);
  const words = [0, 8, 16, 24].map((i) => parseInt(compact.slice(i, i + 8), 16) >>> 0);
  return [words[0], words[1], words[2], words[3]];
}

export function keysEqual(a: BekenKey, b: BekenKey): boolean {
  return a.every((w, i) => w >>> 0 === b[i] >>> 0);
}

const rotr32 = (x: number, n: number): number => (n === 0 ? x >>> 0 : ((x >>> n) | (x << (32 - n))) >>> 0);

function pn15(x: number): number {
  const rot = ((x >>> 7) | (x << 9)) & 0xffff;
  return rot ^ (0x6371 & (((x >>> 5) & 0xf) * 0x1111));
}

function pn16(x: number): number {
  const rot17 = ((x & 0x3ff) << 7) | (x >>> 10);
  const n = ((x >>> 13) & 1) | (((x >>> 9) & 1) << 1) | (((x >>> 5) & 1) << 2) | (((x >>> 1) & 1) << 3);
  return (rot17 ^ (0x13659 & ((((x >>> 4) & 1) << 16) | (n * 0x1111)))) & 0xffff;
}

function pn32(x: number): number {
  return (rotr32(x, 15) ^ (0xe519a4f1 & (((x >>> 2) & 0xf) * 0x11111111))) >>> 0;
}

function addr15(a: number, sel: number): number {
  const b3 = a >>> 24, b2 = (a >>> 16) & 0xff, b1 = (a >>> 8) & 0xff, b0 = a & 0xff;
  const hi = sel & 2 ? (b2 << 8) | b3 : (b3 << 8) | b2;
  const lo = sel & 1 ? (b0 << 8) | b1 : (b1 << 8) | b0;
  return hi ^ lo;
}

/** The keystream word for a logical address, or null when the key bypasses the cipher. */
export type Keystream = (address: number) => number;

export function keystream(key: BekenKey): Keystream | null {
  const [k0, k1, k2, k3] = key.map((w) => w >>> 0);
  const top = k3 >>> 24;
  if (top === 0x00 || top === 0xff || (k3 & 0xf) === 0xf) return null;
  const on15 = (k3 & 1) === 0, on16 = (k3 & 2) === 0, on32 = (k3 & 4) === 0, onR = (k3 & 8) === 0;
  const sel15 = (k3 >>> 5) & 3, sel16 = (k3 >>> 8) & 3, sel32 = (k3 >>> 11) & 3, b16 = (k3 >>> 4) & 1;
  const key15 = k1 >>> 16;
  const key16 = (((k1 >>> 8) & 0xff) << 9) | (b16 << 8) | (k1 & 0xff);
  const random = onR ? k2 : 0;
  return (a: number): number => {
    const h = on15 ? pn15(addr15(a, sel15) ^ key15) : 0;
    const l = on16 ? pn16(((a >>> sel16) & 0x1ffff) ^ key16) : 0;
    const w = on32 ? pn32(rotr32(a, 8 * sel32) ^ k0) : 0;
    return (w ^ ((h << 16) | l) ^ random) >>> 0;
  };
}

/**
 * XORs every whole 32-bit word of `data` with the keystream from logical `baseAddress` (a multiple
 * of 4) into `out` (a new array unless given; may be `data` itself). Trailing bytes (< 4) are copied.
 *
 * All three stages are linear over GF(2) in the address, so KS(hi | lo) = KS(hi) ^ KS(lo) ^ KS(0):
 * one keystream call per 256 bytes plus a 64-entry table replaces one call per word.
 */
export function cryptWords(data: Uint8Array, baseAddress: number, key: BekenKey, out: Uint8Array = new Uint8Array(data.length)): Uint8Array {
  if (out !== data) out.set(data);
  const ks = keystream(key);
  if (!ks) return out;
  const atZero = ks(0);
  const low = new Uint32Array(64).map((_, j) => ks(j << 2) ^ atZero);
  const words = out.length >>> 2;
  const aligned = LITTLE_ENDIAN_HOST && out.byteOffset % 4 === 0;
  const view = aligned ? new Uint32Array(out.buffer, out.byteOffset, words) : null;
  const bytes = aligned ? null : new DataView(out.buffer, out.byteOffset, out.byteLength);
  let chunk = -1;
  let chunkStream = 0;
  for (let i = 0; i < words; i++) {
    const address = (baseAddress + (i << 2)) >>> 0;
    const hi = (address & ~0xff) >>> 0;
    if (hi !== chunk) {
      chunk = hi;
      chunkStream = ks(hi);
    }
    const stream = chunkStream ^ low[(address & 0xff) >>> 2];
    if (view) view[i] ^= stream;
    else bytes!.setUint32(i << 2, (bytes!.getUint32(i << 2, true) ^ stream) >>> 0, true);
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
