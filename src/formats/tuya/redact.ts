import { indexOfBytes } from '../bytes.js';
import { PAGE_SIZE } from './blocks.js';
import { sealDataBlock } from './encode.js';
import { aes128EcbDecrypt, aes128EcbEncrypt, byteSum, TUYA_KV_MASTER_KEY, TUYA_KV_SECTOR } from './locate.js';
import { TUYA_SECRET_FIELDS } from './secrets.js';
import { decodeTuyaStorage, valueSpans, type TuyaStorage } from './storage.js';
import type { UpkValue } from './upk.js';
import { decodeTuyaValue } from './values.js';

export interface RedactionChange {
  /** Where: "Tuya KV storage at 0x1EE000", "Tuya protected block at 0x1ED000"... */
  where: string;
  what: string;
}

const MIN_SCRUB_LENGTH = 4;
const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

interface BlankedValue {
  bytes: Uint8Array;
  fields: string[];
  /** The secret strings that were removed, to scrub older copies of them too. */
  secrets: string[];
}

/**
 * Blanks a value's secret fields, keeping its length: the shorter JSON is padded with NULs, which
 * value decoding drops. Returns null when the value holds no secret.
 */
export function blankSecretValue(name: string, value: Uint8Array): BlankedValue | null {
  const fields = TUYA_SECRET_FIELDS[name];
  if (!fields) return null;
  const decoded = decodeTuyaValue(value);
  const out = new Uint8Array(value.length);
  if (decoded.kind === 'json' && decoded.value && typeof decoded.value === 'object' && !Array.isArray(decoded.value)) {
    const copy: Record<string, UpkValue> = { ...decoded.value };
    const blanked: string[] = [];
    const secrets: string[] = [];
    for (const field of Object.keys(copy)) {
      const v = copy[field];
      if ((fields.includes('*') || fields.includes(field)) && typeof v === 'string' && v !== '') {
        copy[field] = '';
        blanked.push(field);
        secrets.push(v);
      }
    }
    if (!blanked.length) return null;
    const text = new TextEncoder().encode(JSON.stringify(copy));
    if (text.length > value.length) return null;
    out.set(text);
    return { bytes: out, fields: blanked, secrets };
  }
  if (fields.includes('*') && value.some((b) => b !== 0)) {
    const secret = new TextDecoder('latin1').decode(value).replace(/\0+$/, '');
    return { bytes: out, fields: ['value'], secrets: secret ? [secret] : [] };
  }
  return null;
}


/** Pages of a live block that belong to a live key (index or value), which scrubbing must not touch. */
function usedPages(storage: TuyaStorage): Map<number, Set<number>> {
  const used = new Map<number, Set<number>>();
  const mark = (block: number, page: number) => used.set(block, (used.get(block) ?? new Set()).add(page));
  for (const entry of storage.entries) {
    mark(entry.indexBlock, entry.indexPage);
    for (const part of entry.parts) for (let p = part.firstPage; p <= part.lastPage; p++) mark(part.block, p);
  }
  return used;
}

/**
 * Blanks Tuya secrets in place (Wi-Fi SSID and password, device keys, activation data) in the live
 * values, in stale copies left in other pages and swap blocks, and in the protected block, keeping
 * every page, value and block checksum valid. Returns what changed.
 */
export function redactTuyaStorage(data: Uint8Array): RedactionChange[] {
  const storage = decodeTuyaStorage(data);
  if (!storage || !storage.arena.length) return [];
  const changes: RedactionChange[] = [];
  const dirty = new Set<number>();
  const secrets = new Set<string>();
  const where = `Tuya KV storage at ${hex(storage.keyBlockOffset)}`;
  for (const entry of storage.entries) {
    if (!entry.sumOk) continue;
    const blanked = blankSecretValue(entry.name, entry.value);
    if (!blanked) continue;
    // Very short strings would match unrelated bytes; they are blanked in the live value only.
    blanked.secrets.filter((s) => s.length >= MIN_SCRUB_LENGTH).forEach((s) => secrets.add(s));
    let written = 0;
    for (const span of valueSpans(entry.parts, entry.value.length)) {
      const block = storage.live.get(span.block)!.block;
      block.plain.set(blanked.bytes.subarray(written, written + span.length), span.at);
      written += span.length;
      dirty.add(block.offset);
    }
    const index = storage.live.get(entry.indexBlock)!.block;
    new DataView(index.plain.buffer, index.plain.byteOffset + entry.indexPage * PAGE_SIZE, 4).setUint32(0, byteSum(blanked.bytes), true);
    dirty.add(index.offset);
    changes.push({ where, what: `${entry.name}: ${blanked.fields.join(', ')} blanked` });
  }
  // Older values of the same keys linger in freed pages and swap copies: scrub every copy of a secret.
  const used = usedPages(storage);
  let scrubbed = 0;
  for (const block of storage.arena) {
    const isLive = storage.live.get(block.id)?.block === block;
    for (const secret of secrets) {
      const needle = new TextEncoder().encode(secret);
      for (let at = indexOfBytes(block.plain, needle, PAGE_SIZE); at >= 0; at = indexOfBytes(block.plain, needle, at + 1)) {
        const first = Math.floor(at / PAGE_SIZE);
        const last = Math.floor((at + needle.length - 1) / PAGE_SIZE);
        if (isLive && [first, last].some((p) => used.get(block.id)?.has(p))) continue;
        block.plain.fill(0, at, at + needle.length);
        dirty.add(block.offset);
        scrubbed++;
      }
    }
  }
  if (scrubbed) changes.push({ where, what: `${scrubbed} older cop${scrubbed === 1 ? 'y' : 'ies'} of secret values scrubbed from freed pages and swap blocks` });
  for (const block of storage.arena) {
    if (!dirty.has(block.offset)) continue;
    sealDataBlock(block.plain);
    data.set(aes128EcbEncrypt(storage.dataKey, block.plain), block.offset);
  }
  changes.push(...redactProtectedBlock(data, storage));
  return changes;
}

function redactProtectedBlock(data: Uint8Array, storage: TuyaStorage): RedactionChange[] {
  const block = storage.protectedBlock;
  if (!block) return [];
  const changes: RedactionChange[] = [];
  const inner = block.inner;
  for (const record of block.records) {
    const blanked = blankSecretValue(record.name, record.value);
    if (!blanked) continue;
    inner.set(blanked.bytes, record.at);
    changes.push({ where: `Tuya protected block at ${hex(block.offset)}`, what: `${record.name}: ${blanked.fields.join(', ')} blanked` });
  }
  if (!changes.length) return changes;
  const plain = aes128EcbDecrypt(TUYA_KV_MASTER_KEY, data.subarray(block.offset, block.offset + TUYA_KV_SECTOR));
  plain.set(aes128EcbEncrypt(storage.dataKey, inner), 32);
  new DataView(plain.buffer, plain.byteOffset, 8).setUint32(4, byteSum(plain.subarray(8)), true);
  data.set(aes128EcbEncrypt(TUYA_KV_MASTER_KEY, plain), block.offset);
  return changes;
}
