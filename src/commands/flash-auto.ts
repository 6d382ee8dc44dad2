/** `--chip auto`: which family answers on the port, Beken (LinkCheck) or Bouffalo (boot ROM handshake). */
import { BouffaloAnswered } from '../jobs/beken-connect.js';
import { checkResetArg, type BouffaloArgs } from './flash-bouffalo-connect.js';
import type { ConnectArgs } from './flash-connect.js';
import { isBouffaloWord } from './chip-option.js';

/**
 * Runs a verb on the family --chip names. Under auto the Beken path runs first (its own checks of files
 * before the port), and its openSession detects the family; when a Bouffalo chip answered, the Bouffalo
 * path runs instead, as with --chip bouffalo.
 */
export async function byFamily<A extends ConnectArgs>(args: A, beken: (args: A) => Promise<number>, bouffalo: (args: A) => Promise<number>): Promise<number> {
  checkResetArg((args as Partial<BouffaloArgs>).reset);
  if (isBouffaloWord(args.chip)) return bouffalo(args);
  try {
    return await beken(args);
  } catch (error) {
    if (!(error instanceof BouffaloAnswered)) throw error;
    try {
      return await bouffalo({ ...args, chip: 'bouffalo', openPort: error.transport });
    } finally {
      await error.transport.close();
    }
  }
}
