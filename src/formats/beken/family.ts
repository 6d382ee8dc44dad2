import type { AppIdentity } from './app-identity.js';
import type { BootloaderIdentity } from './bootloader.js';
import { familyOfChipName, SUPPORTED_FAMILIES } from './chips.js';
import { weigh, type FamilyDecision, type FamilyEvidence } from '../family-evidence.js';

export { evidenceJson, evidenceRows, type FamilyDecision, type FamilyEvidence } from '../family-evidence.js';
import type { FalTable } from './fal.js';
import type { RecoveredKey } from './key-recovery.js';
import type { RfCalibration } from './rf.js';

/** Families a layout or key signal fits. N and M share a layout and differ by key, as do T and U. */
const N_CLASS = ['BK7231N', 'BK7231M'];
const TUYA_KEY_FAMILIES = ['BK7231T', 'BK7231N'];
const ZERO_KEY_FAMILIES = ['BK7231U', 'BK7231M', 'BK7231Q', 'BK7238', 'BK7252', 'BK7252N'];

/** The download partition's offset in the FAL table (phys): the layout's distinguishing number. */
const DOWNLOAD_OFFSETS: Record<number, string[]> = {
  0x12a000: N_CLASS,
  0x132000: ['BK7231T', 'BK7231U', 'BK7252'],
  0x12c000: ['BK7238'],
  0x2ec000: ['BK7252'],
};
/** The app partition's logical length in the FAL table: Tuya's T/N packager, or Beken's 1.0.15 SDK layout. */
const APP_LENGTHS: Record<number, string[]> = {
  0x108700: ['BK7231T', 'BK7231N', 'BK7231M', 'BK7231U'],
  0x110000: ['BK7231U', 'BK7252'],
};
const RF_OFFSETS: Record<number, string[]> = {
  0x1d0000: N_CLASS,
  0x1e0000: ['BK7231T', 'BK7231U', 'BK7238', 'BK7252', 'BK7252N'],
  0x1e3000: ['BK7238'],
  0x3fe000: ['BK7252'],
};
const KV_OFFSETS: Record<number, string[]> = { 0x1f5000: ['BK7238'], 0x397000: ['BK7252'] };

/** How much each kind of signal counts: a name the bytes spell beats a layout many chips share. */
export const WEIGHTS = {
  bootloaderVersion: 8,
  fingerprint: 8,
  appName: 6,
  appString: 4,
  nMarker: 3,
  download: 3,
  appLength: 2,
  key: 2,
  peripheral: 2,
  rf: 1,
  kv: 1,
} as const;

export interface FamilySignals {
  identity?: BootloaderIdentity | null;
  fal?: FalTable | null;
  rf?: RfCalibration[];
  kvOffset?: number | null;
  /** The chip the Tuya KV names (its module name or em_sys_env, e.g. "BK7231S_2M"). */
  kvChip?: string | null;
  app?: AppIdentity | null;
  key?: RecoveredKey | null;
  /** Logical length of the app partition when only its size tells it (a UA alone). */
  appLength?: number | null;
}

/** Tuya firmware names start with the chip; Tuya names the BK7231T "bk7231s". */
export function familyOfAppName(name: string): string | null {
  const m = /^(bk72\d\d[a-z]?)_/.exec(name);
  return m ? familyOfChipName(m[1]) : /^OpenBK/.test(name) ? familyOfChipName(name.slice(4)) : null;
}

const hex = (n: number): string => '0x' + n.toString(16).toUpperCase();

/** A name the code spells fits the chips that run the same code: an N build runs on an M (the M is an N without the Tuya key). */
const sameCode = (family: string): string[] => (family === 'BK7231N' ? N_CLASS : [family]);

/** Every signal the bytes hold, each with the families it fits and its weight. */
export function collectEvidence(s: FamilySignals): FamilyEvidence[] {
  const out: FamilyEvidence[] = [];
  const add = (signal: string, value: string, fits: string[] | null | undefined, weight: number): void => {
    if (fits?.length) out.push({ signal, value, fits, weight });
  };
  const id = s.identity;
  if (id?.version && id.familyFromVersion) add('bootloader version', id.version, sameCode(id.familyFromVersion), WEIGHTS.bootloaderVersion);
  if (id?.unsupportedChip) add('bootloader chip string', id.unsupportedChip, [id.unsupportedChip], WEIGHTS.bootloaderVersion);
  if (id?.fingerprint) add(`bootloader CRC fingerprint (${id.fingerprint.matchedBytes} bytes)`, id.fingerprint.name, [id.fingerprint.family], WEIGHTS.fingerprint);
  if (id?.nMarker) add('marker at 0x110', 'BK7231', N_CLASS, WEIGHTS.nMarker);
  const download = s.fal?.partitions.find((p) => p.name === 'download');
  if (download) add('download partition', hex(download.offset), DOWNLOAD_OFFSETS[download.offset], WEIGHTS.download);
  const app = s.fal?.partitions.find((p) => p.name === 'app');
  const appLength = app?.length ?? s.appLength ?? null;
  if (appLength !== null) add(app ? 'FAL app partition length' : 'app partition length', hex(appLength), APP_LENGTHS[appLength], WEIGHTS.appLength);
  if (s.key) {
    const keyName = s.key.source === 'plaintext' ? 'zero key (plaintext)' : s.key.name === 'Tuya' ? 'Tuya key' : null;
    if (keyName) add('flash key', keyName, s.key.source === 'plaintext' ? ZERO_KEY_FAMILIES : TUYA_KEY_FAMILIES, WEIGHTS.key);
  }
  if (s.rf?.length) add('RF calibration', hex(s.rf[0].offset), RF_OFFSETS[s.rf[0].offset], WEIGHTS.rf);
  if (s.kvOffset !== null && s.kvOffset !== undefined) add('Tuya KV storage', hex(s.kvOffset), KV_OFFSETS[s.kvOffset], WEIGHTS.kv);
  const kvFamily = s.kvChip ? familyOfChipName(s.kvChip) : null;
  if (s.kvChip && kvFamily) add('Tuya KV platform (module / em_sys_env)', s.kvChip, sameCode(kvFamily), WEIGHTS.appString);
  // Tuya builds its firmware for its own modules, whose chips carry the Tuya key (when the key itself is not known).
  if (!s.key && (s.app?.firmware === 'Tuya' || s.app?.firmware === 'TuyaOS')) add('Tuya firmware', s.app.firmware + (s.app.sdk ? ` ${s.app.sdk}` : ''), TUYA_KEY_FAMILIES, WEIGHTS.key);
  for (const h of s.app?.chipHints ?? []) {
    const weight = h.signal === 'camera/audio driver' ? WEIGHTS.peripheral : h.signal === 'app chip string' || h.signal === 'Tuya SDK banner' ? WEIGHTS.appString : WEIGHTS.appName;
    add(h.signal, h.value, sameCode(h.chip), weight);
  }
  return out;
}

/** Weighs the evidence into one family, lists the candidates when it cannot, and says where signals disagree. */
export function decideFamily(s: FamilySignals): FamilyDecision {
  return weigh(collectEvidence(s), SUPPORTED_FAMILIES, WEIGHTS.nMarker);
}
