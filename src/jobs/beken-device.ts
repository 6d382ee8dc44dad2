/** A Beken session seen as a FlashDevice. */
import { chipCrc } from '../flash/beken/crc.js';
import { chipRangeCrc, readRange, type FlashTarget } from '../flash/beken/operations.js';
import type { FlashDevice } from './device.js';
import type { ProgressSink } from './ports.js';

export interface BekenSession extends FlashTarget {
  close(): Promise<void>;
}

export function bekenDevice(target: FlashTarget): FlashDevice {
  let sectorsRead = 0;
  const { info } = target;
  return {
    vendor: 'beken',
    family: info.family,
    flashId: info.flashId,
    flashSize: info.flashSize,
    mac: null,
    sectorSize: 0x1000,
    get sectorsRead() {
      return sectorsRead;
    },
    chipDigest: async (address, length) => (await chipRangeCrc(target, address, address + length)).toString(16).padStart(8, '0'),
    localDigest: (data) => chipCrc(data).toString(16).padStart(8, '0'),
    read: async (address: number, length: number, progress?: ProgressSink) => {
      const out = new Uint8Array(length);
      await readRange(target, address, address + length, (at, data) => out.set(data, at - address), (done, total) => progress?.update(done, total));
      sectorsRead += length / 0x1000;
      return out;
    },
  };
}
