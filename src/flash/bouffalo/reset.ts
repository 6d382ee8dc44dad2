import { sleep, type IspLink } from './link.js';

/**
 * How the adapter's modem lines reach the module. "auto": the common wiring where DTR drives BOOT
 * (GPIO8 / GPIO28) and RTS drives EN; "none": the user holds BOOT and presses reset by hand.
 */
export type ResetMode = 'auto' | 'none';

/** BOOT high while EN is pulsed low, so the chip starts in its UART boot ROM. False when no line could be moved. */
export async function resetIntoRom(link: IspLink, mode: ResetMode): Promise<boolean> {
  if (mode === 'none') return false;
  if (!(await link.setSignals({ dtr: true, rts: true }))) return false; // pseudo-terminals have no modem lines
  await sleep(50);
  await link.setSignals({ rts: false });
  await sleep(100);
  await link.setSignals({ dtr: false });
  await sleep(20);
  return true;
}

/** BOOT low, pulse EN: the chip boots the firmware in flash. */
export async function resetToRun(link: IspLink, mode: ResetMode): Promise<void> {
  if (mode === 'none') return;
  if (!(await link.setSignals({ dtr: false, rts: true }))) return;
  await sleep(50);
  await link.setSignals({ rts: false });
}
