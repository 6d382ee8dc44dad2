import { DATA_BLOCK_MAGICS, PAGE_SIZE, PAGES_PER_BLOCK } from './blocks.js';
import { DATA_KEY_CANDIDATES } from './keys.js';
import { aes128EcbEncrypt, byteSum, TUYA_KV_KEY_MAGIC, TUYA_KV_MASTER_KEY, TUYA_KV_SECTOR } from './locate.js';
import { PROTECTED_NAME_SIZE } from './protected.js';
import type { ValuePart } from './storage.js';

/** Data blocks in a BK7231 storage, and the swap sectors that follow them. */
export const DATA_BLOCK_COUNT = 14;
export const SWAP_BLOCK_COUNT = 3;
/** Key block + data blocks + swap blocks. */
export const TUYA_STORAGE_SIZE = (1 + DATA_BLOCK_COUNT + SWAP_BLOCK_COUNT) * TUYA_KV_SECTOR;

export interface TuyaEntryInput {
  name: string;
  value: Uint8Array | string;
}

export interface TuyaStorageInput {
  deviceKey: Uint8Array;
  entries: TuyaEntryInput[];
  /** Platform string whose prefix derives the data key; BK7231 uses "8710_2M". */
  platformKey?: string;
  /** Keys also copied to a protected block in the sector before the key block. */
  protectedKeys?: string[];
}

export interface EncodedTuyaStorage {
  /** The protected block (when asked for), the key block, the data blocks and the erased swap sectors. */
  bytes: Uint8Array;
  keyBlockOffset: number;
}

const encode = (v: Uint8Array | string) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);

/** Writes the checksum of a decrypted data block (the byte-sum of bytes 8..4095). */
export function sealDataBlock(plain: Uint8Array): void {
  new DataView(plain.buffer, plain.byteOffset, 8).setUint32(4, byteSum(plain.subarray(8)), true);
}

export function encodeKeyBlock(deviceKey: Uint8Array): Uint8Array {
  const plain = new Uint8Array(TUYA_KV_SECTOR).fill(0xff);
  const view = new DataView(plain.buffer);
  view.setUint32(0, TUYA_KV_KEY_MAGIC, true);
  view.setUint32(4, byteSum(deviceKey), true);
  plain.set(deviceKey, 8);
  return aes128EcbEncrypt(TUYA_KV_MASTER_KEY, plain);
}

function emptyBlock(id: number): Uint8Array {
  const plain = new Uint8Array(TUYA_KV_SECTOR).fill(0xff);
  const view = new DataView(plain.buffer);
  view.setUint32(0, DATA_BLOCK_MAGICS[0], true);
  view.setUint16(8, id, true);
  view.setUint32(10, 0, true);
  plain[14] = 4;
  plain.fill(0, 15, 19);
  return plain;
}

/** Hands out free pages block by block, as the firmware fills its storage. */
class PageAllocator {
  block = 0;
  page = 1;

  take(count: number): ValuePart[] {
    const parts: ValuePart[] = [];
    while (count > 0) {
      if (this.page >= PAGES_PER_BLOCK) this.next();
      const run = Math.min(count, PAGES_PER_BLOCK - this.page);
      parts.push({ block: this.block, firstPage: this.page, lastPage: this.page + run - 1 });
      this.page += run;
      count -= run;
    }
    return parts;
  }

  next(): void {
    this.block++;
    this.page = 1;
    if (this.block >= DATA_BLOCK_COUNT) throw new RangeError('the values do not fit in the 14 data blocks of a Tuya storage');
  }
}

function encodeProtectedBlock(deviceKey: Uint8Array, dataKey: Uint8Array, records: Array<{ name: string; value: Uint8Array }>): Uint8Array {
  const inner: number[] = [];
  for (const { name, value } of records) {
    const head = new Uint8Array(4 + PROTECTED_NAME_SIZE);
    new DataView(head.buffer).setUint32(0, value.length, true);
    head.set(new TextEncoder().encode(name).subarray(0, PROTECTED_NAME_SIZE - 1), 4);
    inner.push(...head, ...value);
  }
  const padded = new Uint8Array((inner.length + 15) & ~15);
  padded.set(inner);
  const plain = new Uint8Array(TUYA_KV_SECTOR).fill(0xff);
  const view = new DataView(plain.buffer);
  view.setUint32(0, TUYA_KV_KEY_MAGIC, true);
  plain.set(deviceKey, 8);
  view.setUint32(24, inner.length, true);
  plain.set(aes128EcbEncrypt(dataKey, padded), 32);
  view.setUint32(4, byteSum(plain.subarray(8)), true);
  return aes128EcbEncrypt(TUYA_KV_MASTER_KEY, plain);
}

/**
 * Encodes a complete Tuya KV storage: one index page per key and its value in the following pages,
 * spilling into the next block (a multi-part value) when a block is full.
 */
export function encodeTuyaStorage(input: TuyaStorageInput): EncodedTuyaStorage {
  const platform = input.platformKey ?? '8710_2M';
  const candidate = DATA_KEY_CANDIDATES.find((c) => c.name === platform);
  if (!candidate) throw new RangeError(`unknown Tuya platform key ${platform}`);
  const dataKey = candidate.derive(input.deviceKey);
  const blocks = Array.from({ length: DATA_BLOCK_COUNT }, (_, id) => emptyBlock(id));
  const pages = new PageAllocator();
  for (const entry of input.entries) {
    const value = encode(entry.value);
    const name = new TextEncoder().encode(entry.name);
    const valueParts = Math.max(1, Math.ceil(value.length / PAGE_SIZE));
    if (pages.page >= PAGES_PER_BLOCK) pages.next();
    const [index] = pages.take(1);
    const parts = pages.take(valueParts);
    if (18 + name.length + 1 + parts.length * 4 > PAGE_SIZE) throw new RangeError(`key name "${entry.name}" is too long for an index page`);
    const block = blocks[index.block];
    const page = block.subarray(index.firstPage * PAGE_SIZE, (index.firstPage + 1) * PAGE_SIZE);
    const view = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
    view.setUint32(0, byteSum(value), true);
    view.setUint32(4, value.length, true);
    view.setUint16(8, index.block, true);
    page[10] = index.firstPage;
    view.setUint16(11, parts.length, true);
    view.setUint32(13, 0, true);
    page[17] = name.length + 1;
    page.set(name, 18);
    page[18 + name.length] = 0;
    parts.forEach((p, i) => {
      const at = 18 + name.length + 1 + i * 4;
      view.setUint16(at, p.block, true);
      page[at + 2] = p.firstPage;
      page[at + 3] = p.lastPage;
    });
    block[15 + (index.firstPage >> 3)] |= 1 << (index.firstPage & 7);
    let written = 0;
    for (const p of parts) {
      const run = value.subarray(written, written + (p.lastPage - p.firstPage + 1) * PAGE_SIZE);
      blocks[p.block].set(run, p.firstPage * PAGE_SIZE);
      written += run.length;
    }
  }
  const withProtected = (input.protectedKeys?.length ?? 0) > 0;
  const keyBlockOffset = withProtected ? TUYA_KV_SECTOR : 0;
  const bytes = new Uint8Array(keyBlockOffset + TUYA_STORAGE_SIZE).fill(0xff);
  if (withProtected) {
    const records = input.protectedKeys!.map((name) => {
      const entry = input.entries.find((e) => e.name === name);
      if (!entry) throw new RangeError(`protected key ${name} is not among the entries`);
      return { name, value: encode(entry.value) };
    });
    bytes.set(encodeProtectedBlock(input.deviceKey, dataKey, records), 0);
  }
  bytes.set(encodeKeyBlock(input.deviceKey), keyBlockOffset);
  blocks.forEach((plain, id) => {
    // Blocks that hold data carry a non-zero generation, as the firmware's do.
    if (plain.subarray(15, 19).some((b) => b)) new DataView(plain.buffer).setUint32(10, 1, true);
    sealDataBlock(plain);
    bytes.set(aes128EcbEncrypt(dataKey, plain), keyBlockOffset + (1 + id) * TUYA_KV_SECTOR);
  });
  return { bytes, keyBlockOffset };
}
