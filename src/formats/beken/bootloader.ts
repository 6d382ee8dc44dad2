import { familyOfChipName, unsupportedChipName, type SupportedFamily } from './chips.js';
import { matchFingerprint, startCrcs, type FingerprintMatch } from './fingerprints.js';
import type { RblHeader } from './rbl.js';

/** Bootloader trailers are identical per build apart from the timestamp. */
const TRAILER_FINGERPRINTS: ReadonlyArray<{ sizeRaw: number; crc32: number; hash: number; version: string }> = [
  { sizeRaw: 59932, crc32: 0xa9792da2, hash: 0x4f914887, version: 'BK7231N_1.0.1' },
  { sizeRaw: 56592, crc32: 0x878ff8a1, hash: 0x707c79df, version: 'BK7231S_1.0.5' },
  { sizeRaw: 56624, crc32: 0x6ab28c51, hash: 0x14abdded, version: 'BK7231S_1.0.6' },
  { sizeRaw: 58480, crc32: 0x7085be2b, hash: 0xfd3bdbf5, version: 'BK7231S_1.0.4' },
];

/** The plain 8 bytes "BK7231\0\0" N bootloaders carry at logical 0x100 (phys 0x110). */
export const N_MARKER_OFFSET = 0x110;
/** Beken SDK bootloaders keep an 8-byte chip field at logical 0x100 and their version at 0x108. */
const CHIP_FIELD = 0x100;
const VERSION_FIELD = 0x108;

export type VersionSource = 'tag-block' | 'string' | 'chip-field' | 'chip-string' | 'trailer-fingerprint';

export interface BootloaderIdentity {
  /** BK7231N_1.0.1 (one string), or the chip name and version joined by a space ("BK7231u _1.0.15"). */
  version: string | null;
  versionSource: VersionSource | null;
  /** bk7231tools-style table name when the CRC fingerprint is known. */
  tableName: string | null;
  fingerprint: FingerprintMatch | null;
  crc256: number;
  crc257: number;
  nMarker: boolean;
  tagBlock: boolean;
  /** A chip fwkit does not support, named by the bootloader's own strings. */
  unsupportedChip: string | null;
  /** Family each signal points to. */
  familyFromVersion: SupportedFamily | null;
  familyFromFingerprint: SupportedFamily | null;
}

/** Names a version string's chip: Tuya calls the BK7231T "BK7231S", Beken the BK7252 "BK7251". */
export function familyOfVersion(version: string): SupportedFamily | null {
  const m = /^(BK72\d\d[A-Za-z]?)[ _]/.exec(version);
  return m ? familyOfChipName(m[1]) : null;
}

const VERSION_PATTERN = /BK72\d\d[A-Za-z]?_\d+\.\d+\.\d+/;
const latin1 = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

/**
 * Identifies a bootloader from the start of flash as stored (CRC-framed, for the fingerprint and N
 * marker) and its decrypted logical bytes (for the version string).
 */
export function identifyBootloader(flashStart: Uint8Array, plain: Uint8Array | null, trailer: RblHeader | null): BootloaderIdentity {
  const { crc256, crc257 } = startCrcs(flashStart);
  const fingerprint = flashStart.length >= 257 ? matchFingerprint(flashStart) : null;
  const identity: BootloaderIdentity = {
    version: null,
    versionSource: null,
    tableName: fingerprint?.name ?? null,
    fingerprint,
    crc256,
    crc257,
    nMarker: latin1(flashStart.subarray(N_MARKER_OFFSET, N_MARKER_OFFSET + 8)) === 'BK7231\0\0',
    tagBlock: false,
    unsupportedChip: null,
    familyFromVersion: null,
    familyFromFingerprint: fingerprint?.family ?? null,
  };
  if (plain) {
    const tagged = readTagVersion(plain);
    identity.tagBlock = tagged !== undefined;
    const found = tagged ? { version: tagged, source: 'tag-block' as const } : readVersionString(plain);
    if (found) Object.assign(identity, { version: found.version, versionSource: found.source });
    identity.unsupportedChip = chipStrings(plain).map(unsupportedChipName).find((c) => c) ?? null;
  }
  if (!identity.version && trailer) {
    const known = TRAILER_FINGERPRINTS.find((t) => t.sizeRaw === trailer.sizeRaw && t.crc32 === trailer.crc32 && t.hash === trailer.hash);
    if (known) Object.assign(identity, { version: known.version, versionSource: 'trailer-fingerprint' });
  }
  identity.familyFromVersion = identity.version ? familyOfVersion(identity.version) : null;
  return identity;
}

/** The version in any of its forms: one string, the chip field + version field, or a version field + a chip string. */
function readVersionString(plain: Uint8Array): { version: string; source: VersionSource } | null {
  const text = latin1(plain);
  const whole = VERSION_PATTERN.exec(text);
  if (whole) return { version: whole[0], source: 'string' };
  const field = /^_\d+\.\d+\.\d+/.exec(cString(plain, VERSION_FIELD));
  if (!field) return null;
  const chipField = cString(plain, CHIP_FIELD, 8).replace(/[\s\0]+$/, '');
  if (/^[A-Z]{2}\d{4}[A-Za-z]?$/.test(chipField)) return { version: `${chipField} ${field[0]}`, source: 'chip-field' };
  const chip = chipStrings(plain).find((c) => familyOfChipName(c) || unsupportedChipName(c));
  return chip ? { version: `${chip} ${field[0]}`, source: 'chip-string' } : { version: field[0], source: 'chip-field' };
}

/** NUL-delimited chip names in the code ("BK7231u", "BK7251", "BK7238"). */
export function chipStrings(plain: Uint8Array): string[] {
  const out: string[] = [];
  const text = latin1(plain);
  for (const m of text.matchAll(/\0(BK72\d\d[A-Za-z]?|ECR6600)\0/g)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

function cString(bytes: Uint8Array, at: number, max = 32): string {
  const slice = bytes.subarray(at, Math.min(bytes.length, at + max));
  const end = slice.indexOf(0);
  return latin1(end < 0 ? slice : slice.subarray(0, end));
}

/**
 * Tuya tag block: 0xDEADBEEF twice at 0x3C, then records `EE BB <type> <len>` + data;
 * type 0xCC holds the version string. Records start on 4-byte boundaries. Returns undefined when there is no tag block.
 */
function readTagVersion(plain: Uint8Array): string | null | undefined {
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (plain.length < 0x100 || view.getUint32(0x3c, true) !== 0xdeadbeef || view.getUint32(0x40, true) !== 0xdeadbeef) return undefined;
  let o = 0x44;
  while (o + 4 <= 0x100 && plain[o] === 0xee && plain[o + 1] === 0xbb) {
    const type = plain[o + 2];
    const len = plain[o + 3];
    if (type === 0xcc) {
      const text = cString(plain, o + 4, len);
      return VERSION_PATTERN.test(text) ? text : null;
    }
    o = (o + 4 + len + 3) & ~3; // records are word-aligned
  }
  return null;
}
