/**
 * What formats, flash and jobs take from the runtime: hashing, AES, gzip, CRC-32 and a few byte helpers.
 * Node gets them natively (./node.ts); the browser bundle swaps in pure-JS libraries (./browser.ts).
 * Inflating is one pure-JS inflater in both (fflate, driven by formats/gunzip-within.ts, which must stop
 * at a declared size); Node loads it only when a file needs it, since it builds its tables at load.
 */
export interface Platform {
  sha256(data: Uint8Array): Uint8Array;
  /** AES-ECB without padding (key length picks AES-128/192/256); data is a multiple of 16 bytes. */
  aesEcb(direction: CipherDirection, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-CBC without padding; data is a multiple of 16 bytes. */
  aesCbc(direction: CipherDirection, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** gzip with mtime 0 and no file name, as zlib writes it. */
  gzip(data: Uint8Array, level: number): Uint8Array;
  /** fflate's streaming gunzip: `push` compressed bytes (`final` with the last); `ondata` gets each inflated piece. */
  gunzipStream(ondata: (chunk: Uint8Array) => void): GunzipStream;
  /** CRC-32 (IEEE 802.3, as zlib), optionally continuing from a previous value; unsigned. */
  crc32(data: Uint8Array, previous?: number): number;
  /** First index of `needle` (bytes, or text taken as latin1) at or after `from`; -1 when absent. */
  indexOfBytes(haystack: Uint8Array, needle: Uint8Array | string | number, from?: number): number;
  /** Bytes [start, end) as latin1 text: one character per byte. */
  latin1(bytes: Uint8Array, start?: number, end?: number): string;
  /** True when both hold the same bytes. */
  equal(a: Uint8Array, b: Uint8Array): boolean;
  /** Lower-case hex of the bytes. */
  hex(bytes: Uint8Array): string;
}

export type CipherDirection = 'encrypt' | 'decrypt';

export interface GunzipStream {
  push(chunk: Uint8Array, final?: boolean): void;
}
