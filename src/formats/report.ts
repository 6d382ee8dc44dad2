/**
 * The shape every inspector returns. `fwkit inspect --json` prints it as is (with `file` added),
 * so field names here are the public JSON schema documented in docs/inspect-json.md.
 */

export type Vendor = 'beken' | 'bouffalo' | 'tuya' | 'unknown';

/** What the whole file is, decided from its content alone. */
export type ImageKind =
  | 'full-dump'
  | 'rotated-dump'
  | 'qio'
  | 'ua'
  | 'restore-image'
  | 'bootloader-app-dump'
  /** A Beken bootloader partition alone: raw or CRC-framed, plain or encrypted. */
  | 'bootloader'
  /** A plain Beken app binary (linker output): no CRC framing, not encrypted. */
  | 'app'
  | 'rbl'
  | 'ug'
  | 'tuya-kv-region'
  | 'merged-image'
  | 'bl-partition-table'
  | 'bl-boot-header'
  | 'bl-firmware'
  /** Bouffalo header-led images by what they are: boot2, manufacturing test firmware, a single MCU image, a RAM image. */
  | 'bl-boot2'
  | 'bl-mfg'
  | 'bl-mcu-image'
  | 'bl-ram-image'
  | 'bl-ota'
  | 'partial'
  | 'unknown';

export interface Verdict {
  /** True when the file can be written back (or flashed, for an image) as it is. */
  restorable: boolean;
  /** Each one alone makes the file not restorable; one plain sentence each. */
  problems: string[];
  /** Worth knowing, but not blocking. */
  warnings: string[];
}

export interface ConfigPresence {
  found: boolean;
  /** Byte offset in the file (physical order) where it was found. */
  offset?: number;
  /** Free text: where it lives ("Tuya KV key block", "EasyFlash key mY0bcFg in PSM"...). */
  storage?: string;
  length?: number;
}

/** A titled list of facts for the human report; JSON keeps them under `details`. */
export interface DetailSection {
  title: string;
  rows: Array<[string, string]>;
}

export interface InspectReport {
  size: number;
  vendor: Vendor;
  kind: ImageKind;
  family: string | null;
  bootloader: { version: string | null; [extra: string]: unknown } | null;
  rotated: boolean;
  app: { name: string | null; version: string | null; [extra: string]: unknown } | null;
  /** Family-specific rows; each has at least a name. */
  partitions: Array<{ name: string; [field: string]: unknown }>;
  tuya: ConfigPresence;
  obk: ConfigPresence;
  verdict: Verdict;
  /** Further family-specific facts for the human report. */
  details: DetailSection[];
  /** Family-specific machine-readable extras (boot headers, OTA header...). */
  [extra: string]: unknown;
}

export function notFound(): ConfigPresence {
  return { found: false };
}

/** A report that has found nothing yet; inspectors fill in what they know. */
export function emptyReport(
  size: number,
  vendor: Vendor,
  kind: ImageKind,
  verdict: Verdict = { restorable: true, problems: [], warnings: [] },
  details: DetailSection[] = [],
  family: string | null = null,
): InspectReport {
  return {
    size,
    vendor,
    kind,
    family,
    bootloader: null,
    rotated: false,
    app: null,
    partitions: [],
    tuya: notFound(),
    obk: notFound(),
    verdict,
    details,
  };
}
