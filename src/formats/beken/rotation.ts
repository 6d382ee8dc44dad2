import { FormatError, hex } from '../errors.js';

/** Readers that cannot read below 0x11000 on BK7231T start there and wrap: the file is rotated left by this. */
export const DUMP_ROTATION = 0x11000;

/** Restores physical order of a dump read starting at `amount` (file = flash rotated left). */
export function unrotate(file: Uint8Array, amount = DUMP_ROTATION): Uint8Array {
  if (amount <= 0 || amount >= file.length) throw new FormatError(0, `cannot un-rotate a ${file.length}-byte file by ${hex(amount)}`);
  const out = new Uint8Array(file.length);
  const split = file.length - amount;
  out.set(file.subarray(split), 0);
  out.set(file.subarray(0, split), amount);
  return out;
}

/** The inverse: what such a reader would produce from a flash image. */
export function rotate(flash: Uint8Array, amount = DUMP_ROTATION): Uint8Array {
  return unrotate(flash, flash.length - amount);
}
