import { platform } from '../../platform/index.js';

/** The ASCII master key that encrypts the Tuya KV key block (and the protected block). */
export const TUYA_KV_MASTER_KEY = new TextEncoder().encode('qwertyuiopasdfgh');
export const TUYA_KV_KEY_MAGIC = 0x13579753;
export const TUYA_KV_SECTOR = 0x1000;

export interface TuyaStorageLocation {
  /** Offset of the key block in the given bytes. */
  offset: number;
  /** The 16-byte device key from which the data-block key is derived. Secret: never print it. */
  deviceKey: Uint8Array;
}

export function aes128EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return platform.aesEcb('decrypt', key, data);
}

/** Decodes a candidate key block; null unless its magic and checksum both hold. */
export function decodeKeyBlock(data: Uint8Array, offset: number): TuyaStorageLocation | null {
  if (offset + 32 > data.length) return null;
  const plain = aes128EcbDecrypt(TUYA_KV_MASTER_KEY, data.subarray(offset, offset + 32));
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (view.getUint32(0, true) !== TUYA_KV_KEY_MAGIC) return null;
  const deviceKey = plain.slice(8, 24);
  const sum = deviceKey.reduce((a, b) => a + b, 0);
  if (view.getUint32(4, true) !== sum) return null;
  return { offset, deviceKey };
}

/** Decrypts the first 16 bytes of every sector in one pass: enough to test each sector's magic. */
export function decryptSectorHeads(key: Uint8Array, data: Uint8Array): Uint8Array {
  const count = Math.floor(data.length / TUYA_KV_SECTOR);
  const heads = new Uint8Array(count * 16);
  for (let i = 0; i < count; i++) heads.set(data.subarray(i * TUYA_KV_SECTOR, i * TUYA_KV_SECTOR + 16), i * 16);
  return count ? aes128EcbDecrypt(key, heads) : heads;
}

function headMagic(heads: Uint8Array, index: number): number {
  return new DataView(heads.buffer, heads.byteOffset + index * 16, 4).getUint32(0, true);
}

/** Every sector whose first 16 bytes decrypt (with `key`) to one of `magics`, in flash order. */
export function sectorsWithMagic(data: Uint8Array, key: Uint8Array, magics: readonly number[]): number[] {
  const heads = decryptSectorHeads(key, data);
  const found: number[] = [];
  for (let i = 0; i < heads.length / 16; i++) if (magics.includes(headMagic(heads, i))) found.push(i * TUYA_KV_SECTOR);
  return found;
}

/** All key blocks (magic and key checksum valid) at sector starts, in flash order. */
export function findKeyBlocks(data: Uint8Array): TuyaStorageLocation[] {
  const found: TuyaStorageLocation[] = [];
  for (const offset of sectorsWithMagic(data, TUYA_KV_MASTER_KEY, [TUYA_KV_KEY_MAGIC])) {
    const block = decodeKeyBlock(data, offset);
    if (block) found.push(block);
  }
  return found;
}

/**
 * Finds the Tuya KV key block by scanning every sector start (never one fixed offset: real dumps
 * keep it at 0x1EE000 and elsewhere). The last valid one wins: the storage sits near the flash end.
 */
export function locateTuyaStorage(data: Uint8Array): TuyaStorageLocation | null {
  const found = findKeyBlocks(data);
  return found.length ? found[found.length - 1] : null;
}

export function aes128EcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return platform.aesEcb('encrypt', key, data);
}

/** Unsigned byte sum truncated to 32 bits: the checksum of key, protected and data blocks and values. */
export function byteSum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum = (sum + data[i]) >>> 0;
  return sum;
}
