import { FormatError } from '../errors.js';

/** Tuya UG wrapper: a 32-byte big-endian header in front of an unchanged RBL file. */
export const UG_HEADER_SIZE = 32;
const HEAD = [0x55, 0xaa, 0x55, 0xaa];
const TAIL = [0xaa, 0x55, 0xaa, 0x55];

export interface UgFile {
  version: string;
  payloadLength: number;
  payloadSum: number;
  headerSum: number;
  headerSumValid: boolean;
  payloadSumValid: boolean;
  /** View of the wrapped RBL (may be shorter than payloadLength when truncated). */
  payload: Uint8Array;
}

export function isUg(data: Uint8Array): boolean {
  return data.length >= UG_HEADER_SIZE && HEAD.every((b, i) => data[i] === b) && TAIL.every((b, i) => data[0x1c + i] === b);
}

function byteSum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum = (sum + data[i]) >>> 0;
  return sum;
}

export function decodeUg(data: Uint8Array): UgFile {
  if (!isUg(data)) throw new FormatError(0, 'no Tuya UG header (55 AA 55 AA … AA 55 AA 55 expected)');
  const view = new DataView(data.buffer, data.byteOffset, UG_HEADER_SIZE);
  const versionBytes = data.subarray(4, 16);
  const end = versionBytes.indexOf(0);
  const payloadLength = view.getUint32(0x10);
  const payload = data.subarray(UG_HEADER_SIZE, UG_HEADER_SIZE + payloadLength);
  const payloadSum = view.getUint32(0x14);
  const headerSum = view.getUint32(0x18);
  return {
    version: new TextDecoder('latin1').decode(end < 0 ? versionBytes : versionBytes.subarray(0, end)),
    payloadLength,
    payloadSum,
    headerSum,
    headerSumValid: byteSum(data.subarray(0, 0x18)) === headerSum,
    payloadSumValid: payload.length === payloadLength && byteSum(payload) === payloadSum,
    payload,
  };
}

/** Wraps an RBL file in a UG header (version at most 11 characters). */
export function encodeUg(rbl: Uint8Array, version: string): Uint8Array {
  const versionBytes = new TextEncoder().encode(version);
  if (versionBytes.length > 11) throw new FormatError(4, `UG version "${version}" is longer than 11 characters`);
  const out = new Uint8Array(UG_HEADER_SIZE + rbl.length);
  const view = new DataView(out.buffer);
  out.set(HEAD, 0);
  out.set(versionBytes, 4);
  view.setUint32(0x10, rbl.length);
  view.setUint32(0x14, byteSum(rbl));
  view.setUint32(0x18, byteSum(out.subarray(0, 0x18)));
  out.set(TAIL, 0x1c);
  out.set(rbl, UG_HEADER_SIZE);
  return out;
}
