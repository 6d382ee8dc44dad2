import { tinyCrc8 } from './crc8.js';

export const OBK_CONFIG_SECTOR = 0x1000;
/** Versions above this are not OpenBeken configs (the firmware itself rejects them). */
export const OBK_MAX_VERSION = 100;

export type Crc8Variant = 'signed' | 'unsigned';

export interface ObkConfigLocation {
  offset: number;
  version: number;
  /** Bytes the config covers: 2016 up to version 3, 3584 from version 4. */
  length: number;
  crcVariant: Crc8Variant;
}

export function obkConfigLength(version: number): number {
  return version <= 3 ? 2016 : 3584;
}

/** Checks an OpenBeken `mainConfig_t` at `offset`: ident "CFG", version, CRC-8 (either signedness). */
export function checkObkConfig(data: Uint8Array, offset: number): ObkConfigLocation | null {
  if (offset + 8 > data.length) return null;
  if (data[offset] !== 0x43 || data[offset + 1] !== 0x46 || data[offset + 2] !== 0x47) return null;
  const version = new DataView(data.buffer, data.byteOffset + offset + 4, 4).getInt32(0, true);
  if (version < 1 || version > OBK_MAX_VERSION) return null;
  const length = obkConfigLength(version);
  if (offset + length > data.length) return null;
  const covered = data.subarray(offset + 4, offset + length);
  const stored = data[offset + 3];
  for (const variant of ['signed', 'unsigned'] as const) {
    if (tinyCrc8(covered, variant === 'signed') === stored) return { offset, version, length, crcVariant: variant };
  }
  return null;
}

/** Scans every sector start for a valid OpenBeken config (its sector moves with the chip family). */
export function locateObkConfig(data: Uint8Array): ObkConfigLocation | null {
  for (let offset = 0; offset + 8 <= data.length; offset += OBK_CONFIG_SECTOR) {
    const found = checkObkConfig(data, offset);
    if (found) return found;
  }
  return null;
}
