import { cryptWords, keystream, TUYA_KEY, ZERO_KEY, type BekenKey } from './cipher.js';
import { isArmVectorTable } from './vectors.js';

/** Keys seen in the field besides Tuya's: the "uascent" BK7231N bootloader key. */
export const KNOWN_KEYS: ReadonlyArray<{ name: string; key: BekenKey }> = [
  { name: 'Tuya', key: TUYA_KEY },
  { name: 'uascent', key: [0x4862379a, 0x8612784b, 0x85c5e258, 0x75754528] },
];

/** Strings every common Beken bootloader carries (zlib messages, OTA logs); used as known plaintext. */
const BOOTLOADER_NEEDLES = [
  'incorrect header check',
  'invalid window size',
  'unknown compression method',
  'header crc mismatch',
  'invalid block type',
  '[ARM ANOMALY]',
  '0123456789ABCDEF',
].map((s) => new TextEncoder().encode(s));

/** Where bootloaders keep a copy of the flash key (logical offsets): Tuya tag block, old T, Beken 1.0.8+. */
const APP_BASE = 0x10000;

const STORED_KEY_OFFSETS = [0x48, 0x44, 0x1f08];

export type KeySource = 'plaintext' | 'known' | 'search';

export interface RecoveredKey {
  key: BekenKey;
  source: KeySource;
  /** Name of the known key when it matched one. */
  name?: string;
  /** True when only an equivalent key (0 0 F S) was found, not the efuse words. */
  equivalentOnly: boolean;
}

/** Bytes of the bootloader's first block decrypt to a vector table with this key. */
function opensVectorTable(logical: Uint8Array, base: number, key: BekenKey): boolean {
  return isArmVectorTable(cryptWords(logical.subarray(0, 32), base, key));
}

/**
 * Finds the flash key of a CRC-stripped, still encrypted bootloader (logical base 0):
 * plaintext, then the known keys, then a known-plaintext search over all 125 cipher configurations.
 */
export function recoverKey(bootloader: Uint8Array, appStart?: Uint8Array): RecoveredKey | null {
  if (isArmVectorTable(bootloader)) return { key: ZERO_KEY, source: 'plaintext', name: 'zero', equivalentOnly: false };
  for (const known of KNOWN_KEYS) {
    if (opensVectorTable(bootloader, 0, known.key)) return { key: known.key, source: 'known', name: known.name, equivalentOnly: false };
  }
  const equivalent = searchEquivalentKey(bootloader, appStart);
  if (!equivalent) return null;
  const real = storedKey(bootloader, equivalent);
  return real ? { key: real, source: 'search', equivalentOnly: false } : { key: equivalent, source: 'search', equivalentOnly: true };
}

/** Tries a key on the first block of an app (logical base 0x10000) or bootloader (base 0). */
export function keyOpens(logical: Uint8Array, base: number, key: BekenKey): boolean {
  return opensVectorTable(logical, base, key);
}

/** The 125 stage settings words: each of PN15/PN16/PN32 off or on with one of four selectors. */
function settingsWords(): number[] {
  const words: number[] = [];
  const shifts = [5, 8, 11];
  for (let a = 0; a < 5; a++)
    for (let b = 0; b < 5; b++)
      for (let c = 0; c < 5; c++) {
        let s = 0x55000000;
        [a, b, c].forEach((choice, stage) => {
          s |= choice === 4 ? 1 << stage : choice << shifts[stage];
        });
        words.push(s >>> 0);
      }
  return words;
}

/**
 * Known-plaintext search: with k0 = k1 = 0 the keystream is KS0(A) xor F for one constant F, so
 * X = image xor KS0 is plaintext xor F, and X[j] xor X[j+4] no longer depends on F.
 */
function searchEquivalentKey(image: Uint8Array, appStart?: Uint8Array): BekenKey | null {
  const length = image.length & ~3;
  const x = new Uint8Array(length);
  const diffs = BOOTLOADER_NEEDLES.map((n) => n.subarray(0, n.length - 4).map((v, j) => v ^ n[j + 4]));
  for (const settings of settingsWords()) {
    cryptWords(image.subarray(0, length), 0, [0, 0, 0, settings], x);
    for (let n = 0; n < diffs.length; n++) {
      const p = findDiff(x, diffs[n]);
      if (p < 0) continue;
      const needle = BOOTLOADER_NEEDLES[n];
      const v = ((x[p] ^ needle[0]) | ((x[p + 1] ^ needle[1]) << 8) | ((x[p + 2] ^ needle[2]) << 16) | ((x[p + 3] ^ needle[3]) << 24)) >>> 0;
      const shift = 8 * (p % 4);
      const f = shift === 0 ? v : ((v << shift) | (v >>> (32 - shift))) >>> 0;
      const candidate: BekenKey = [0, 0, f, settings];
      // Below 0x10000 the address bytes 2-3 are zero, so some selectors look alike there:
      // the app's first block (at 0x10000), when given, must open too.
      const opensApp = !appStart || opensVectorTable(appStart, APP_BASE, candidate);
      if (opensApp && opensVectorTable(image, 0, candidate)) return candidate;
    }
  }
  return null;
}

function findDiff(x: Uint8Array, diff: Uint8Array): number {
  const last = x.length - diff.length - 4;
  const first = diff[0];
  outer: for (let p = 0; p <= last; p++) {
    if ((x[p] ^ x[p + 4]) !== first) continue;
    for (let j = 1; j < diff.length; j++) if ((x[p + j] ^ x[p + j + 4]) !== diff[j]) continue outer;
    return p;
  }
  return -1;
}

/** Reads the efuse key a bootloader keeps for re-encrypting OTA images and checks it is equivalent. */
function storedKey(image: Uint8Array, equivalent: BekenKey): BekenKey | null {
  const reference = keystream(equivalent);
  for (const offset of STORED_KEY_OFFSETS) {
    if (image.length < offset + 16) continue;
    const plain = cryptWords(image.subarray(offset, offset + 16), offset, equivalent);
    const view = new DataView(plain.buffer, plain.byteOffset, 16);
    const candidate: BekenKey = [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
    const ks = keystream(candidate);
    if (!ks || !reference) continue;
    // Compare only inside the bootloader: bootloader addresses cannot tell every selector apart.
    const addresses = [0, 4, 0x48, 0x100, 0x5b0, (image.length - 4) & ~3];
    if (addresses.every((a) => ks(a) === reference(a))) return candidate;
  }
  return null;
}

/** For an app without its bootloader: plaintext, or one of the known keys, must open its first block. */
export function keyForApp(body: Uint8Array, base: number): RecoveredKey | null {
  if (body.length < 32) return null;
  if (isArmVectorTable(body)) return { key: ZERO_KEY, source: 'plaintext', name: 'zero', equivalentOnly: false };
  const known = KNOWN_KEYS.find((k) => opensVectorTable(body, base, k.key));
  return known ? { key: known.key, source: 'known', name: known.name, equivalentOnly: false } : null;
}
