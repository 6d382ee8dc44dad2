import { hex } from './errors.js';

/**
 * The largest flash of any chip fwkit knows: Bouffalo BL602/BL702 address up to 16 MiB of external
 * flash, Beken parts carry at most 4 MiB. A size given on the command line or in a manifest, and the
 * output of a compressed payload, is checked against it before anything is allocated.
 */
export const LARGEST_FLASH = 0x1000000;

/** A size or an end address past the largest flash, found before anything was allocated for it. */
export class BeyondFlashError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'BeyondFlashError';
  }
}

/** Throws BeyondFlashError when `bytes` (what `what` says it is) is more than any flash holds. */
export function checkWithinFlash(what: string, bytes: number): void {
  if (bytes > LARGEST_FLASH) throw new BeyondFlashError(`${what} is ${hex(bytes)}, past the largest flash any supported chip has (${hex(LARGEST_FLASH)} bytes, 16 MiB)`);
}
