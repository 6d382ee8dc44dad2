/**
 * The gate's probe with a memory: before reading a region out of the chip (identity sectors), ask the
 * chip whether it still holds what the newest stored image of this device has there (one checksum
 * command instead of a read); only when it does not is the region read.
 */
import type { ChipProbe } from '../flash/gate-check.js';
import type { BackupStore } from './backup-store.js';
import { candidatesFor } from './backup.js';
import type { DeviceIdentity } from './device.js';

export function rememberingProbe(probe: ChipProbe, device: DeviceIdentity, store: BackupStore): ChipProbe {
  let known: Promise<Uint8Array | null> | null = null;
  const newest = async () => {
    const [image] = await candidatesFor(device, store);
    return image ? store.load(image) : null;
  };
  return {
    holds: (offset, data) => probe.holds(offset, data),
    read: async (offset, length) => {
      known ??= newest();
      const image = await known;
      const stored = image && image.length >= offset + length ? image.slice(offset, offset + length) : null;
      if (stored && (await probe.holds(offset, stored))) return stored;
      return probe.read(offset, length);
    },
  };
}
