import { keyForApp } from '../beken/key-recovery.js';
import { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE } from '../beken/layouts.js';
import { checkCrcPartition, decryptCode } from '../beken/partition.js';
import { DUMP_ROTATION, unrotate } from '../beken/rotation.js';
import { findPlaintextUpk, type PlaintextUpk } from './plaintext.js';

/**
 * Finds the default `user_param_key` that Tuya firmware built with one keeps inside its app: the Beken
 * app partition (at 0x11000 of a dump in flash order) is CRC-framed and encrypted, so it is opened first.
 * `offset` in the result is the offset in the decrypted app code, not in the file.
 */
export function findUpkInBekenApp(data: Uint8Array): PlaintextUpk | null {
  // A dump read from 0x11000 on (rotated) has its app at the start of the file instead.
  return upkInAppAt(data) ?? (data.length > DUMP_ROTATION * 2 ? upkInAppAt(unrotate(data)) : null);
}

function upkInAppAt(data: Uint8Array): PlaintextUpk | null {
  if (data.length < BOOTLOADER_PHYS_SIZE + 0x1000) return null;
  const length = Math.min(APP_PHYS_SIZE, data.length - BOOTLOADER_PHYS_SIZE);
  const app = checkCrcPartition(data, BOOTLOADER_PHYS_SIZE, length, APP_LOGICAL_BASE);
  const key = keyForApp(app.body, app.logicalBase);
  if (!key) return null;
  return findPlaintextUpk(decryptCode(app, key.key));
}
