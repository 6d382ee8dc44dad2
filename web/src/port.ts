/** The one serial port the user picked, shared by the chip panel and the log console. */
import { describeWebSerialPort, type WebSerialPort } from '../../src/flash/web-serial-transport.js';

interface Serial {
  requestPort(options?: { filters?: unknown[] }): Promise<WebSerialPort>;
}

let chosen: WebSerialPort | null = null;
const listeners: Array<(label: string) => void> = [];

export function currentPort(): WebSerialPort | null {
  return chosen;
}

export function onPortChosen(listener: (label: string) => void): void {
  listeners.push(listener);
}

/** Asks the browser for a port; returns the sentence to show when there is none. */
export async function choosePort(): Promise<string | null> {
  const serial = (navigator as Navigator & { serial?: Serial }).serial;
  if (!serial) return 'this browser has no Web Serial: use Chrome, Edge or Opera on a desktop (Firefox and Safari do not offer it), from https or localhost';
  try {
    chosen = await serial.requestPort();
  } catch {
    return 'no port was chosen: if the list was empty, see "No port?" under Wiring';
  }
  const label = describeWebSerialPort(chosen);
  for (const listener of listeners) listener(label);
  return null;
}
