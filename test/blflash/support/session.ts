import { createMemoryPair } from '../../../src/flash/transport.js';
import { BouffaloClient, type ClientOptions } from '../../../src/flash/bouffalo/client.js';
import { BouffaloEmulator, type BouffaloEmulatorOptions } from '../../../src/flash/emulator/bouffalo.js';
import { syntheticLoader } from './synthetic-loader.js';

/** A client and an emulated chip joined by an in-memory link. */
export function memorySession(emulator: Partial<BouffaloEmulatorOptions> & { flash: Uint8Array }, client: Partial<ClientOptions> = {}) {
  const [host, device] = createMemoryPair();
  const chip = new BouffaloEmulator({ chip: 'bl602', ...emulator });
  chip.attach(device);
  const bl = new BouffaloClient(host, {
    chip: emulator.chip ?? 'bl602',
    romBaud: 500_000,
    loaderBaud: 2_000_000,
    reset: 'none',
    replyTimeoutMs: 200,
    loader: async () => ({ bytes: syntheticLoader('sealed'), source: 'synthetic' }),
    ...client,
  });
  return { host, device, chip, client: bl, close: () => Promise.all([host.close(), device.close()]) };
}

/** Deterministic non-trivial flash contents. */
export function patternFlash(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
