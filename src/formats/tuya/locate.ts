import { createDecipheriv } from 'node:crypto';

/** The ASCII master key that encrypts the Tuya KV key block (and the protected block). */
export const TUYA_KV_MASTER_KEY = new TextEncoder().encode('qwertyuiopasdfgh');
export const TUYA_KV_KEY_MAGIC = 0x13579753;
export const TUYA_KV_SECTOR = 0x1000;
/** AES-128-ECB(master key, 16 x 0xFF): the key block's erased tail starts at +0x20, so this marks it. */
const ERASED_TAIL_CIPHERTEXT = Uint8Array.from(Buffer.from('46dced0e672f3b70ae1276a3f8712e03', 'hex'));

export interface TuyaStorageLocation {
  /** Offset of the key block in the given bytes. */
  offset: number;
  /** The 16-byte device key from which the data-block key is derived. Secret: never print it. */
  deviceKey: Uint8Array;
}

export function aes128EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const decipher = createDecipheriv('aes-128-ecb', key, null);
  decipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
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

function hasErasedTailMarker(data: Uint8Array, offset: number): boolean {
  const at = offset + 0x20;
  if (at + 16 > data.length) return false;
  for (let i = 0; i < 16; i++) if (data[at + i] !== ERASED_TAIL_CIPHERTEXT[i]) return false;
  return true;
}

/**
 * Finds the Tuya KV key block by scanning every sector start (never one fixed offset: real dumps
 * keep it at 0x1EE000 and elsewhere). The last valid one wins: the storage sits near the flash end.
 */
export function locateTuyaStorage(data: Uint8Array): TuyaStorageLocation | null {
  let found: TuyaStorageLocation | null = null;
  for (let offset = 0; offset + TUYA_KV_SECTOR <= data.length; offset += TUYA_KV_SECTOR) {
    if (!hasErasedTailMarker(data, offset)) continue;
    found = decodeKeyBlock(data, offset) ?? found;
  }
  return found;
}
