/**
 * Beken download-protocol framing (HCI style): host commands `01 E0 FC ...`, chip replies
 * `04 0E ... 01 E0 FC ...`, in a short (1-byte length) and a long (flash, 16-bit length) form.
 */

export const CMD_HEADER = [0x01, 0xe0, 0xfc] as const;
export const LONG_MARK = 0xff;
export const FLASH_SELECTOR = 0xf4;

/** Short-frame opcodes. */
export const Op = {
  linkCheck: 0x00,
  writeReg: 0x01,
  readReg: 0x03,
  reboot: 0x0e,
  setBaudRate: 0x0f,
  checkCrc: 0x10,
  readBootVersion: 0x11,
  reset: 0x70,
  stayRom: 0xaa,
} as const;

/** Long-frame (flash) opcodes. */
export const FlashOp = {
  write: 0x06,
  write4k: 0x07,
  read: 0x08,
  read4k: 0x09,
  eraseAll: 0x0a,
  erase4k: 0x0b,
  readSr: 0x0c,
  writeSr: 0x0d,
  spiOp: 0x0e,
  erase: 0x0f,
} as const;

/** Long-reply status byte values. */
export const Status = {
  ok: 0,
  busy: 1,
  spiTimeout: 2,
  flashTimeout: 3,
  lengthError: 4,
  payloadLack: 5,
  paramError: 6,
  unknownCommand: 7,
} as const;

/** SPI erase opcodes carried by FlashOp.erase. */
export const EraseSize = { sector4k: 0x20, block32k: 0x52, block64k: 0xd8 } as const;

export function u32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export function readU32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

export function shortCommand(opcode: number, payload: ArrayLike<number> = []): Uint8Array {
  const frame = new Uint8Array(5 + payload.length);
  frame.set(CMD_HEADER, 0);
  frame[3] = 1 + payload.length;
  frame[4] = opcode;
  frame.set(payload, 5);
  return frame;
}

export function longCommand(opcode: number, payload: ArrayLike<number> = []): Uint8Array {
  const length = 1 + payload.length;
  const frame = new Uint8Array(8 + payload.length);
  frame.set([...CMD_HEADER, LONG_MARK, FLASH_SELECTOR, length & 0xff, length >> 8, opcode], 0);
  frame.set(payload, 8);
  return frame;
}

/** Short reply: `04 0E LL 01 E0 FC code payload`, LL counting from `01`. */
export function shortReply(code: number, payload: ArrayLike<number> = []): Uint8Array {
  const frame = new Uint8Array(7 + payload.length);
  frame.set([0x04, 0x0e, 4 + payload.length, ...CMD_HEADER, code], 0);
  frame.set(payload, 7);
  return frame;
}

/** Long reply: `04 0E FF 01 E0 FC F4 len16 opcode status rest`. */
export function longReply(opcode: number, status: number, rest: ArrayLike<number> = []): Uint8Array {
  const length = 2 + rest.length;
  const frame = new Uint8Array(11 + rest.length);
  frame.set([0x04, 0x0e, LONG_MARK, ...CMD_HEADER, FLASH_SELECTOR, length & 0xff, length >> 8, opcode, status], 0);
  frame.set(rest, 11);
  return frame;
}

/** A decoded reply. For long replies `payload` starts after the status byte. */
export interface Reply {
  long: boolean;
  code: number;
  status: number | null;
  payload: Uint8Array;
}

/** A decoded command, as the chip sees it. */
export interface Command {
  long: boolean;
  opcode: number;
  payload: Uint8Array;
  /** Bytes on the wire, for timing. */
  wireLength: number;
}
