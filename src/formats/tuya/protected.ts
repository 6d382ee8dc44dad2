import { aes128EcbDecrypt, byteSum, TUYA_KV_KEY_MAGIC, TUYA_KV_MASTER_KEY, TUYA_KV_SECTOR } from './locate.js';

export const PROTECTED_NAME_SIZE = 32;

/** A record of the protected block: a backup copy of a key (gw_bi, gw_wsm) outside the main store. */
export interface ProtectedRecord {
  name: string;
  value: Uint8Array;
  /** Offset of the value inside the decrypted inner data. */
  at: number;
}

export interface ProtectedBlock {
  offset: number;
  records: ProtectedRecord[];
  /** Decrypted inner data (data key layer removed), for the redactor. */
  inner: Uint8Array;
}

const roundUp16 = (n: number) => (n + 15) & ~15;

/** Splits the inner data into its records: u32 length, 32-byte NUL-padded name, value. */
export function parseProtectedRecords(inner: Uint8Array, length: number): ProtectedRecord[] {
  const view = new DataView(inner.buffer, inner.byteOffset, inner.byteLength);
  const records: ProtectedRecord[] = [];
  let at = 0;
  while (at + 4 + PROTECTED_NAME_SIZE <= length) {
    const valueLength = view.getUint32(at, true);
    const nameBytes = inner.subarray(at + 4, at + 4 + PROTECTED_NAME_SIZE);
    const end = nameBytes.indexOf(0);
    const name = new TextDecoder().decode(nameBytes.subarray(0, end < 0 ? PROTECTED_NAME_SIZE : end));
    const valueAt = at + 4 + PROTECTED_NAME_SIZE;
    if (!name || valueAt + valueLength > length) break;
    records.push({ name, value: inner.slice(valueAt, valueAt + valueLength), at: valueAt });
    at = valueAt + valueLength;
  }
  return records;
}

/**
 * Decodes the optional protected block (the sector before the key block). It shares the key block's
 * magic but its checksum covers the whole sector, which tells the two apart.
 */
export function decodeProtectedBlock(data: Uint8Array, offset: number, dataKey: Uint8Array): ProtectedBlock | null {
  if (offset < 0 || offset + TUYA_KV_SECTOR > data.length) return null;
  const plain = aes128EcbDecrypt(TUYA_KV_MASTER_KEY, data.subarray(offset, offset + TUYA_KV_SECTOR));
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (view.getUint32(0, true) !== TUYA_KV_KEY_MAGIC || view.getUint32(4, true) !== byteSum(plain.subarray(8))) return null;
  const length = view.getUint32(24, true);
  if (length > TUYA_KV_SECTOR - 32) return null;
  const inner = aes128EcbDecrypt(dataKey, plain.subarray(32, 32 + roundUp16(length)));
  return { offset, records: parseProtectedRecords(inner, length), inner };
}
