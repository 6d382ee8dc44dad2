/**
 * UART ISP framing shared by the Bouffalo boot ROM and the eflash_loader:
 * host -> chip `[id, checksum, len lo, len hi, payload...]`; chip -> host "OK" [+ u16 len + data],
 * "FL" + u16 error code, or "PD" (still busy).
 */
import { concatBytes } from '../../formats/bytes.js';

/** The ROM accepts frames up to 4096 bytes including the 4-byte command header. */
export const ROM_MAX_FRAME = 4096;
/** The eflash_loader reads and writes up to 8 KiB per command (plus a 4- or 8-byte argument). */
export const LOADER_MAX_PAYLOAD = 8192 + 8;

/** The ROM (and the loader) return to the handshake state after this much silence (spec 4.1). */
export const IDLE_RESET_MS = 2000;

export const REPLY_OK = 0x4b4f; // "OK" read as u16 LE
export const REPLY_FAIL = 0x4c46; // "FL"
export const REPLY_PENDING = 0x4450; // "PD"

/** Low byte of (len lo + len hi + every payload byte): the loader's optional frame check. */
export function frameChecksum(payload: Uint8Array): number {
  let sum = (payload.length & 0xff) + ((payload.length >> 8) & 0xff);
  for (const byte of payload) sum += byte;
  return sum & 0xff;
}

/**
 * One command frame. The ROM ignores the checksum byte (tools send 0); the loader checks it when
 * non-zero, so the host always fills it in.
 */
export function encodeFrame(id: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const frame = new Uint8Array(4 + payload.length);
  frame[0] = id;
  frame[1] = frameChecksum(payload);
  frame[2] = payload.length & 0xff;
  frame[3] = (payload.length >> 8) & 0xff;
  frame.set(payload, 4);
  return frame;
}

export interface DecodedFrame {
  id: number;
  checksum: number;
  payload: Uint8Array;
}

/** Little-endian u32 words as one payload: addresses, lengths, baud rates. */
export function words(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setUint32(index * 4, value >>> 0, true));
  return bytes;
}

export function u32At(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

/** "OK" alone. */
export function okReply(): Uint8Array {
  return Uint8Array.of(0x4f, 0x4b);
}

/** "OK" + u16 length + data. */
export function okDataReply(data: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(0x4f, 0x4b, data.length & 0xff, (data.length >> 8) & 0xff), data]);
}

/** "FL" + the error code, low byte first. */
export function failReply(code: number): Uint8Array {
  return Uint8Array.of(0x46, 0x4c, code & 0xff, (code >> 8) & 0xff);
}

export function pendingReply(): Uint8Array {
  return Uint8Array.of(0x50, 0x44);
}
