import type { InspectReport } from '../report.js';
import { BLOCK_DATA, BLOCK_SIZE, blockState, scanAndStrip, stripCrc } from './blocks.js';
import { inspectFlashImage } from './flash-image.js';
import { inspectKvRegion, inspectRbl, inspectRestoreImage, inspectUa, inspectUg, isRestoreImageSize } from './containers.js';
import { keyForApp, keyOpens, recoverKey, KNOWN_KEYS, type RecoveredKey } from './key-recovery.js';
import { ZERO_KEY } from './cipher.js';
import { inspectBootloaderFile } from './bootloader-file.js';
import { inspectPlainApp } from './app-file.js';
import { isArmVectorTable } from './vectors.js';
import { APP_LOGICAL_BASE, BOOTLOADER_PHYS_SIZE, MIB } from './layouts.js';
import { isRblHeader } from './rbl.js';
import { findFalTable } from './fal.js';
import { DUMP_ROTATION, unrotate } from './rotation.js';
import { isUg } from './ug.js';

/** Recognises Beken dumps, images and containers by content; null when the bytes are not Beken's. */
export function inspectBeken(data: Uint8Array): InspectReport | null {
  if (data.length < BLOCK_SIZE) return null;
  if (isUg(data)) return inspectUg(data);
  if (isRblHeader(data)) return inspectRbl(data);

  const full = data.length === 2 * MIB || data.length === 4 * MIB;
  const alone = standaloneBootloaderOrApp(data);
  if (alone) return alone;
  if (blockState(data, 0) === 'valid') {
    const first = stripCrc(data.subarray(0, BLOCK_SIZE));
    const appKey = keyForApp(first, APP_LOGICAL_BASE);
    // Block 0 is an app's first block and the bootloader sits at the end: a rotated dump.
    const rotatedKey = appKey && full ? bootloaderKeyAt(data, data.length - DUMP_ROTATION) : null;
    if (rotatedKey) return inspectFlashImage(unrotate(data), { fileSize: data.length, rotated: true, key: rotatedKey });
    // A plaintext first block opens at any base: only the bootloader's partition table tells it from an app.
    const plaintext = appKey?.source === 'plaintext';
    if (appKey && !(plaintext && hasBootloaderTable(data))) return isRestoreImageSize(data.length) ? inspectRestoreImage(data) : inspectUa(data);
    const key = bootloaderKeyAt(data, 0);
    if (key) return inspectFlashImage(data, { fileSize: data.length, rotated: false, key });
  }
  // A dump whose bootloader is damaged still has its app at 0x11000.
  if (data.length > BOOTLOADER_PHYS_SIZE + BLOCK_SIZE && blockState(data, BOOTLOADER_PHYS_SIZE) === 'valid') {
    const appStart = stripCrc(data.subarray(BOOTLOADER_PHYS_SIZE, BOOTLOADER_PHYS_SIZE + BLOCK_SIZE));
    if (keyForApp(appStart, APP_LOGICAL_BASE)) return inspectFlashImage(data, { fileSize: data.length, rotated: false, key: null });
  }
  return inspectKvRegion(data);
}

/**
 * A bootloader partition alone (CRC-framed and no longer than its partition, or raw with its FAL table),
 * or a plain app binary (vector table at 0, no framing, no table).
 */
function standaloneBootloaderOrApp(data: Uint8Array): InspectReport | null {
  if (blockState(data, 0) === 'valid') {
    if (data.length > BOOTLOADER_PHYS_SIZE) return null;
    const key = bootloaderKeyAt(data, 0);
    // A plaintext block opens at any base: only the partition table tells a bootloader from an app.
    return key && (key.source !== 'plaintext' || hasBootloaderTable(data)) ? inspectBootloaderFile(data, true, key) : null;
  }
  if (isArmVectorTable(data)) {
    const plain: RecoveredKey = { key: ZERO_KEY, source: 'plaintext', name: 'zero', equivalentOnly: false };
    return findFalTable(data.subarray(0, Math.min(data.length, 0x10000))) ? inspectBootloaderFile(data, false, plain) : inspectPlainApp(data);
  }
  const known = KNOWN_KEYS.find((k) => keyOpens(data, 0, k.key));
  if (known && findFalTable(data.subarray(0, Math.min(data.length, 0x10000)))) {
    return inspectBootloaderFile(data, false, { key: known.key, source: 'known', name: known.name, equivalentOnly: false });
  }
  return null;
}

/** The key of a bootloader whose first block is at `offset`, when its code opens to a vector table. */
function bootloaderKeyAt(data: Uint8Array, offset: number): RecoveredKey | null {
  if (offset < 0 || blockState(data, offset) !== 'valid') return null;
  const { scan, body } = scanAndStrip(data, offset, Math.min(data.length, offset + BOOTLOADER_PHYS_SIZE));
  // Only the code: up to the first block that is not valid.
  return recoverKey(body.subarray(0, scan.firstNonValid * BLOCK_DATA));
}

/** A FAL partition table in the first 0x11000 bytes: only bootloaders carry one. */
function hasBootloaderTable(data: Uint8Array): boolean {
  return findFalTable(stripCrc(data.subarray(0, Math.min(data.length, BOOTLOADER_PHYS_SIZE)))) !== null;
}
