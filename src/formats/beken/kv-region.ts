import { aes128EcbDecrypt, type TuyaStorageLocation } from '../tuya/locate.js';
import { familyOfAppName } from './family.js';

const P2 = new TextEncoder().encode('HHRRQbyemofrtytf');
const P1 = new TextEncoder().encode('8710');
const DATA_MAGICS = [0x98761234, 0x135726ab];

/**
 * The chip a Tuya KV region was written by: its data blocks carry the platform name
 * (`em_sys_env` = "BK7231S_2M" for the T, "bk7231n" for the N). Only the name is looked at.
 */
export function kvPlatformFamily(data: Uint8Array, location: TuyaStorageLocation): string | null {
  const key = new Uint8Array(16).map((_, i) => (location.deviceKey[i] + P2[i] + P1[i % 4]) & 0xff);
  for (let o = location.offset + 0x1000; o + 0x1000 <= data.length; o += 0x1000) {
    const plain = aes128EcbDecrypt(key, data.subarray(o, o + 0x1000));
    const magic = new DataView(plain.buffer, plain.byteOffset, 4).getUint32(0, true);
    if (!DATA_MAGICS.includes(magic)) continue;
    const m = /bk72\d\d[a-z]?(?=[_\0])/i.exec(Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength).toString('latin1'));
    if (m) return familyOfAppName(m[0].toLowerCase() + '_');
  }
  return null;
}
