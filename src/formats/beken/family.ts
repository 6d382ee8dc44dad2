import type { BootloaderIdentity } from './bootloader.js';
import type { FalTable } from './fal.js';
import type { RfCalibration } from './rf.js';

/** Chips a signal is compatible with. N and M share a layout, as do T and U. */
const N_CLASS = ['BK7231N', 'BK7231M'];
const T_CLASS = ['BK7231T', 'BK7231U'];

const DOWNLOAD_OFFSETS: Record<number, string[]> = { 0x12a000: N_CLASS, 0x132000: T_CLASS, 0x12c000: ['BK7238'], 0x2ec000: ['BK7252'] };
const RF_OFFSETS: Record<number, string[]> = { 0x1d0000: N_CLASS, 0x1e0000: [...T_CLASS, 'BK7238', 'BK7252'], 0x1e3000: ['BK7238'], 0x3fe000: ['BK7252'] };

/** Tuya firmware names start with the chip; Tuya names the BK7231T "bk7231s". */
export function familyOfAppName(name: string): string | null {
  const m = /^bk(72\d\d)([a-z]?)_/.exec(name);
  if (!m) return null;
  const chip = `BK${m[1]}${m[2].toUpperCase()}`;
  return chip === 'BK7231S' ? 'BK7231T' : chip;
}

export interface FamilySignals {
  identity: BootloaderIdentity;
  fal: FalTable | null;
  rf: RfCalibration[];
  appName: string | null;
  zeroKey: boolean;
}

export interface FamilyDecision {
  family: string | null;
  evidence: Array<[string, string]>;
  disagreements: string[];
}

/** Weighs the bootloader, layout and app signals into one family, and says where they disagree. */
export function decideFamily(s: FamilySignals): FamilyDecision {
  const signals: Array<{ label: string; value: string; fits: string[] }> = [];
  const add = (label: string, value: string, fits: string[] | null | undefined): void => {
    if (fits?.length) signals.push({ label, value, fits });
  };
  const { identity } = s;
  if (identity.version && identity.familyFromVersion) add('bootloader version', identity.version, [identity.familyFromVersion]);
  if (identity.tableName && identity.familyFromFingerprint) add('bootloader fingerprint', identity.tableName, [identity.familyFromFingerprint]);
  const download = s.fal?.partitions.find((p) => p.name === 'download');
  if (download) add('download partition', '0x' + download.offset.toString(16).toUpperCase(), DOWNLOAD_OFFSETS[download.offset]);
  if (s.rf.length) add('RF calibration', '0x' + s.rf[0].offset.toString(16).toUpperCase(), RF_OFFSETS[s.rf[0].offset]);
  if (identity.nMarker) add('marker at 0x110', 'BK7231', N_CLASS);
  const appFamily = s.appName ? familyOfAppName(s.appName) : null;
  if (s.appName && appFamily) add('app name', s.appName, [appFamily]);

  const first = signals.find((x) => x.fits.length === 1);
  let family = first?.fits[0] ?? null;
  if (!family && signals.length) {
    // Only layout signals: the stock key tells the Tuya chip from its plaintext sibling.
    const fits = signals[0].fits;
    family = s.zeroKey ? (fits.find((c) => c === 'BK7231M' || c === 'BK7231U') ?? fits[0]) : fits[0];
  }
  const disagreements: string[] = [];
  if (family) {
    for (const x of signals) {
      if (!x.fits.includes(family)) {
        disagreements.push(
          `the ${x.label} (${x.value}) points to ${x.fits.join('/')}, but the ${first?.label ?? 'layout'} says ${family}: the parts of this image come from different chips (T firmware cannot run on N and vice versa)`,
        );
      }
    }
  }
  return { family, evidence: signals.map((x) => [x.label, `${x.value} → ${x.fits.join('/')}`]), disagreements };
}
