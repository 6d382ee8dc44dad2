/**
 * Data-block key derivation. Each data block is AES-128-ECB encrypted with a key made from the
 * device key (from the key block), a fixed 16-byte string and a 4-byte platform prefix.
 */
const P2 = new TextEncoder().encode('HHRRQbyemofrtytf');

export interface DataKeyCandidate {
  /** Which platform string (or variant) produced the key; reported, never secret. */
  name: string;
  derive(deviceKey: Uint8Array): Uint8Array;
}

function withPrefix(name: string, prefix: string): DataKeyCandidate {
  const p1 = new TextEncoder().encode(prefix.padEnd(4, '\0')).subarray(0, 4);
  return {
    name,
    derive: (deviceKey) => Uint8Array.from({ length: 16 }, (_, i) => (deviceKey[i] + P2[i] + p1[i % 4]) & 0xff),
  };
}

/** BK7231 first: every known Beken dump uses it; the others are other chips' platform strings. */
export const DATA_KEY_CANDIDATES: readonly DataKeyCandidate[] = [
  withPrefix('8710_2M', '8710'),
  withPrefix('8721D', '8721'),
  withPrefix('8711AM_4M', '8711'),
  withPrefix('RDA5981_2M', 'RDA5'),
  withPrefix('no platform prefix', ''),
  {
    name: 'double P2',
    derive: (deviceKey) => Uint8Array.from({ length: 16 }, (_, i) => (deviceKey[i] + 2 * P2[i]) & 0xff),
  },
];
