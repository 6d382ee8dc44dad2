import { fnv1a32 } from './checksums.js';
import { hexAddr, type Findings } from './findings.js';
import type { RecoveredKey } from './key-recovery.js';
import { badBlockSummary, TRAILER_PHYS_SIZE, type CrcPartitionCheck } from './partition.js';

/**
 * What the app partition's trailer says: written by the packager (checksums over the stored bytes),
 * a copy of the OTA header the bootloader installed from (post-OTA: algo set, FNV-1a over the decrypted
 * code), missing, damaged, or not matching.
 */
export type AppTrailerState = 'packager' | 'post-ota' | 'missing' | 'header-damaged' | 'mismatch' | 'absent';

export function appTrailerState(app: CrcPartitionCheck, plain: Uint8Array | null): AppTrailerState {
  if (app.physPresent < app.physLength) return 'absent';
  const t = app.trailer;
  if (!t) return 'missing';
  if (!t.header.infoCrcValid) return 'header-damaged';
  if (t.header.crypt !== 0 || t.header.compress !== 0) {
    return plain && t.header.sizeRaw <= plain.length && fnv1a32(plain.subarray(0, t.header.sizeRaw)) === t.header.hash ? 'post-ota' : 'mismatch';
  }
  return t.crcValid && t.hashValid ? 'packager' : 'mismatch';
}

export interface AppCheckContext {
  key: RecoveredKey | null;
  /** The code decrypts to an ARM vector table at its logical base. */
  opens: boolean;
  plain: Uint8Array | null;
  /** A bootloader was present to recover the key from (else only known keys were tried). */
  haveBootloader: boolean;
  /** The partition is a file alone (a UA): the packager always ends it with the trailer. */
  alone?: boolean;
}

/**
 * The verdict on an app partition, the same for a dump, a QIO or a UA alone: damaged blocks are never
 * restorable; a missing trailer is only a warning when every block is valid and the code decrypts (a
 * running device proved it); a trailer that does not match its content is a problem.
 */
export function checkAppPartition(f: Findings, app: CrcPartitionCheck, c: AppCheckContext): AppTrailerState {
  const state = appTrailerState(app, c.plain);
  if (app.physPresent === 0) {
    f.problem('the file holds no app partition');
    return state;
  }
  if (app.scan.bad) f.problem(`the app fails its CRC in ${badBlockSummary(app.scan)}: the app is damaged, do not restore it`);
  if (app.scan.valid === 0) {
    f.problem('the app partition is erased: there is no application to restore');
    return state;
  }
  const trailerAt = hexAddr(app.physStart + app.physLength - TRAILER_PHYS_SIZE);
  switch (state) {
    case 'missing':
      if (c.alone) {
        f.problem(`the image does not end with an RBL trailer: it is cut short or not a UA image (a UA ends with its app trailer; the usual one is ${hexAddr(0x118f70)} bytes)`);
      } else if (app.scan.validEnd === app.scan.blocks) {
        f.problem(`the app has no RBL trailer at its end (${trailerAt}) and its code runs up to the end of the ${c.haveBootloader ? 'partition' : 'file'}: it is cut short or was not written by the packager`);
      } else if (!app.scan.bad && c.opens) {
        f.warn(`the app has no RBL trailer at its partition end (${trailerAt}), but every CRC block is valid and the code decrypts: the device was running it (apps installed over the air by TuyaOS 3.x carry none); the bootloader cannot verify it as a whole`);
      } else {
        f.problem(`the app has no RBL trailer at its partition end (${trailerAt}): it is incomplete or was not written by the packager`);
      }
      break;
    case 'header-damaged':
      f.problem('the app trailer header is damaged (its info CRC-32 does not match): the bootloader would not take the app');
      break;
    case 'mismatch':
      f.problem('the app trailer checksum (CRC-32/FNV-1a over the app) does not match: the app is damaged or incomplete; the bootloader would refuse it');
      break;
    case 'post-ota':
      f.warn('the app trailer is a copy of the OTA header it was installed from (post-OTA state): its FNV-1a matches the decrypted code');
      break;
    case 'packager':
      if (!app.layoutOk && !app.scan.bad) f.warn('the app blocks do not follow the packager layout (code, erased fill, trailer)');
      break;
    case 'absent':
      break;
  }
  if (c.key && !c.opens && c.haveBootloader) f.problem("the app does not decrypt to an ARM vector table with the bootloader's key: it was built for another chip or key");
  return state;
}

export const TRAILER_STATE_TEXT: Record<AppTrailerState, string> = {
  packager: 'written by the packager, checksums ok',
  'post-ota': 'copy of the OTA header (post-OTA), FNV-1a over the decrypted code ok',
  missing: 'missing',
  'header-damaged': 'header damaged',
  mismatch: 'CHECKSUM MISMATCH',
  absent: 'absent (partition cut short)',
};
