import { crc32Ieee } from './checksums.js';
import type { BekenFamily } from './layouts.js';
import type { RblHeader } from './rbl.js';

/** CRC-32 of the first 256 (N BootROM: 257) bytes of flash for known bootloader builds. */
const CRC_FINGERPRINTS: ReadonlyArray<{ crc: number; bytes: 256 | 257; name: string; family: BekenFamily | 'BK7231Q'; key: 'tuya' | 'zero' }> = [
  { crc: 0xe14191ba, bytes: 257, name: 'bl_bk7231n_1.0.1', family: 'BK7231N', key: 'tuya' },
  { crc: 0xc1eca871, bytes: 256, name: 'bl_bk7231s_1.0.1', family: 'BK7231T', key: 'tuya' },
  { crc: 0x4b31e44d, bytes: 256, name: 'bl_bk7231s_1.0.3', family: 'BK7231T', key: 'tuya' },
  { crc: 0xba54c1b8, bytes: 256, name: 'bl_bk7231s_1.0.5', family: 'BK7231T', key: 'tuya' },
  { crc: 0xe5cbc953, bytes: 256, name: 'bl_bk7231s_1.0.6', family: 'BK7231T', key: 'tuya' },
  { crc: 0x2739019f, bytes: 256, name: 'bl_bk7231u_1.0.6', family: 'BK7231U', key: 'zero' },
  { crc: 0xf0231ef6, bytes: 256, name: 'bl_bk7231q', family: 'BK7231Q', key: 'zero' },
  { crc: 0xff5a3eac, bytes: 256, name: 'bl_bk7231q', family: 'BK7231Q', key: 'zero' },
  { crc: 0x39f9b50c, bytes: 256, name: 'bl_bk7252_0.1.3', family: 'BK7252', key: 'zero' },
  { crc: 0xe3a27c26, bytes: 256, name: 'bootloader_7252_2M_uart1_log_20190828', family: 'BK7252', key: 'zero' },
  { crc: 0x6beb0924, bytes: 256, name: 'bootloader_bk7238_uart1_v1.0.14', family: 'BK7238', key: 'zero' },
  { crc: 0xf42f8c32, bytes: 256, name: 'bl_t1_2.0.0', family: 'BK7238', key: 'zero' },
];

/** Bootloader trailers are identical per build apart from the timestamp. */
const TRAILER_FINGERPRINTS: ReadonlyArray<{ sizeRaw: number; crc32: number; hash: number; version: string }> = [
  { sizeRaw: 59932, crc32: 0xa9792da2, hash: 0x4f914887, version: 'BK7231N_1.0.1' },
  { sizeRaw: 56592, crc32: 0x878ff8a1, hash: 0x707c79df, version: 'BK7231S_1.0.5' },
  { sizeRaw: 56624, crc32: 0x6ab28c51, hash: 0x14abdded, version: 'BK7231S_1.0.6' },
  { sizeRaw: 58480, crc32: 0x7085be2b, hash: 0xfd3bdbf5, version: 'BK7231S_1.0.4' },
];

/** The plain 8 bytes "BK7231\0\0" N bootloaders carry at phys 0x110. */
export const N_MARKER_OFFSET = 0x110;

export interface BootloaderIdentity {
  /** Version string found in the decrypted bootloader, e.g. BK7231N_1.0.1, or from the trailer fingerprint. */
  version: string | null;
  versionSource: 'tag-block' | 'string' | 'trailer-fingerprint' | null;
  /** bk7231tools-style table name when the CRC fingerprint is known. */
  tableName: string | null;
  crc256: number;
  crc257: number;
  nMarker: boolean;
  tagBlock: boolean;
  /** Family each signal points to. */
  familyFromVersion: BekenFamily | 'BK7231Q' | null;
  familyFromFingerprint: BekenFamily | 'BK7231Q' | null;
}

/** Names a version string's chip: Tuya calls the BK7231T "BK7231S". */
export function familyOfVersion(version: string): BekenFamily | 'BK7231Q' | null {
  const m = /^(BK72\d\d)([A-Za-z]?)_/.exec(version);
  if (!m) return null;
  const chip = m[1] + m[2].toUpperCase();
  const map: Record<string, BekenFamily | 'BK7231Q'> = {
    BK7231S: 'BK7231T', BK7231T: 'BK7231T', BK7231N: 'BK7231N', BK7231U: 'BK7231U', BK7231M: 'BK7231M',
    BK7231Q: 'BK7231Q', BK7238: 'BK7238', BK7252: 'BK7252',
  };
  return map[chip] ?? null;
}

const VERSION_PATTERN = /BK72\d\d[A-Za-z]?_\d+\.\d+\.\d+/;

/**
 * Identifies a bootloader from the raw start of flash (for the CRC fingerprint and N marker) and its
 * decrypted logical bytes (for the version string).
 */
export function identifyBootloader(flashStart: Uint8Array, plain: Uint8Array | null, trailer: RblHeader | null): BootloaderIdentity {
  const crc256 = crc32Ieee(flashStart.subarray(0, 256));
  const crc257 = crc32Ieee(flashStart.subarray(0, 257));
  const fingerprint = CRC_FINGERPRINTS.find((f) => f.crc === (f.bytes === 256 ? crc256 : crc257)) ?? null;
  const marker = new TextDecoder('latin1').decode(flashStart.subarray(N_MARKER_OFFSET, N_MARKER_OFFSET + 8));
  const identity: BootloaderIdentity = {
    version: null,
    versionSource: null,
    tableName: fingerprint?.name ?? null,
    crc256,
    crc257,
    nMarker: marker === 'BK7231\0\0',
    tagBlock: false,
    familyFromVersion: null,
    familyFromFingerprint: fingerprint?.family ?? null,
  };
  if (plain) {
    const tagged = readTagVersion(plain);
    identity.tagBlock = tagged !== undefined;
    if (tagged) Object.assign(identity, { version: tagged, versionSource: 'tag-block' });
    else {
      const found = VERSION_PATTERN.exec(new TextDecoder('latin1').decode(plain));
      if (found) Object.assign(identity, { version: found[0], versionSource: 'string' });
    }
  }
  if (!identity.version && trailer) {
    const known = TRAILER_FINGERPRINTS.find((t) => t.sizeRaw === trailer.sizeRaw && t.crc32 === trailer.crc32 && t.hash === trailer.hash);
    if (known) Object.assign(identity, { version: known.version, versionSource: 'trailer-fingerprint' });
  }
  identity.familyFromVersion = identity.version ? familyOfVersion(identity.version) : null;
  return identity;
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
      const bytes = plain.subarray(o + 4, o + 4 + len);
      const end = bytes.indexOf(0);
      const text = new TextDecoder('latin1').decode(end < 0 ? bytes : bytes.subarray(0, end));
      return VERSION_PATTERN.test(text) ? text : null;
    }
    o = (o + 4 + len + 3) & ~3; // records are word-aligned
  }
  return null;
}
