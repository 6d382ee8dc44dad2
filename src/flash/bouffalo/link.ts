import type { Transport } from '../transport.js';

/** The part of a Transport the Bouffalo client uses (any Transport fits). */
export type IspLink = Pick<Transport, 'path' | 'baudRate' | 'write' | 'read' | 'drain' | 'setBaudRate' | 'setSignals'>;

/** The part of a Transport the emulator uses: bytes in through a listener, replies out through write. */
export type DeviceLink = Pick<Transport, 'write' | 'onData'>;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
