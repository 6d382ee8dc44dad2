/**
 * A device's identity in its flash: the RF calibration sector (with the MAC address on Beken chips) and
 * the Tuya KV storage (its key block holds the device key from which the cloud keys are read). A full
 * dump carries the identity of the device it was read from; written to another chip it clones that device.
 */
import { readRfCalibration, findRfCalibrations } from '../../formats/beken/rf.js';
import { decodeKeyBlock, locateTuyaStorage, TUYA_KV_SECTOR } from '../../formats/tuya/locate.js';
import { STORAGE_SECTORS_AFTER_KEY } from '../../formats/tuya/blocks.js';
import type { FlashRange } from './types.js';

/** RF calibration sits in the upper half of a Beken flash, never below 1 MiB. */
const RF_SEARCH_FROM = 0x100000;

export interface IdentityRegion extends FlashRange {
  what: 'rf' | 'tuya';
}

export interface Identity {
  mac: string | null;
  /** The calibration TLV (header and payload), hex; null when none. */
  rf: string | null;
  /** The Tuya device key from the KV key block, hex; null when none. Never printed. */
  tuyaKey: string | null;
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Where the identity sectors of `data` (placed at flash `base`) lie, in flash addresses. */
export function identityRegions(data: Uint8Array, base: number, vendor: 'beken' | 'bouffalo'): IdentityRegion[] {
  const regions: IdentityRegion[] = [];
  if (vendor === 'beken') {
    const rf = findRfCalibrations(data, Math.max(0, RF_SEARCH_FROM - base))[0];
    if (rf) regions.push({ what: 'rf', offset: base + rf.offset, length: TUYA_KV_SECTOR });
  }
  const tuya = locateTuyaStorage(data);
  if (tuya) {
    // the protected block before the key block, the key block, and the storage sectors after it
    const start = Math.max(0, tuya.offset - TUYA_KV_SECTOR);
    const end = Math.min(data.length, tuya.offset + TUYA_KV_SECTOR * (1 + STORAGE_SECTORS_AFTER_KEY));
    regions.push({ what: 'tuya', offset: base + start, length: end - start });
  }
  return regions;
}

/** The identity read from the bytes at each region (`bytesAt` gives a region's bytes, or null). */
export function identityOf(regions: IdentityRegion[], bytesAt: (region: IdentityRegion) => Uint8Array | null): Identity {
  const identity: Identity = { mac: null, rf: null, tuyaKey: null };
  for (const region of regions) {
    const bytes = bytesAt(region);
    if (!bytes) continue;
    if (region.what === 'rf') {
      const rf = readRfCalibration(bytes, 0);
      if (rf) {
        identity.mac = rf.mac;
        identity.rf = toHex(bytes.subarray(0, 8 + rf.length));
      }
    } else {
      // the key block is one sector into the region, unless the region starts at the flash's first sector
      for (const at of [TUYA_KV_SECTOR, 0]) {
        const key = decodeKeyBlock(bytes, at);
        if (key) {
          identity.tuyaKey = toHex(key.deviceKey);
          break;
        }
      }
    }
  }
  return identity;
}

/** What differs between the file's identity and the chip's, where both have one; empty when nothing does. */
export function identityDifferences(file: Identity, chip: Identity): string[] {
  const differs: string[] = [];
  if (file.mac && chip.mac && file.mac !== chip.mac) differs.push(`MAC ${file.mac} where the chip has ${chip.mac}`);
  else if (file.rf && chip.rf && file.rf !== chip.rf) differs.push('another RF calibration');
  if (file.tuyaKey && chip.tuyaKey && file.tuyaKey !== chip.tuyaKey) differs.push('other Tuya device keys');
  return differs;
}
