import { resetSteps, runReset } from '../reset-sequence.js';
import type { IspLink } from './link.js';

/**
 * The --reset option as given: `auto` (DTR drives BOOT, RTS drives EN), `none` (the user holds BOOT
 * and presses reset), another named wiring, or a sequence in the short language (see reset-sequence.ts).
 */
export type ResetMode = string;

/** BOOT high while EN is pulsed low, so the chip starts in its UART boot ROM. False when no line could be moved. */
export function resetIntoRom(link: IspLink, mode: ResetMode): Promise<boolean> {
  return runReset(link, resetSteps(mode, 'bouffalo', 'enter'));
}

/** BOOT low, pulse EN: the chip boots the firmware in flash. */
export async function resetToRun(link: IspLink, mode: ResetMode): Promise<void> {
  await runReset(link, resetSteps(mode, 'bouffalo', 'leave'));
}
