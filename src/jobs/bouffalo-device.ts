/** A BL602/BL702 session (eflash_loader running) seen as a FlashDevice. */
import type { BouffaloClient, ConnectResult } from '../flash/bouffalo/client.js';
import { sha256Of, toHex } from '../formats/bytes.js';
import type { FlashDevice } from './device.js';
import type { ProgressSink } from './ports.js';

export interface BouffaloTarget {
  client: BouffaloClient;
  info: ConnectResult;
  baudRate: number;
  close(): Promise<void>;
}

export function chipName(target: Pick<BouffaloTarget, 'info'>): string {
  return target.info.chip.toUpperCase();
}

/** The eFuse MAC (BL602) or chip id (BL702) from the boot ROM, as lower-case hex pairs joined by ':'. */
function efuseId(info: ConnectResult): string | null {
  const id = info.bootInfo?.chipId;
  return id ? (id.match(/../g) ?? []).join(':').toLowerCase() : null;
}

export function bouffaloDevice(target: BouffaloTarget): FlashDevice {
  let sectorsRead = 0;
  const { client, info } = target;
  return {
    vendor: 'bouffalo',
    family: chipName(target),
    flashId: info.jedecId.toUpperCase(),
    flashSize: info.flashSize,
    mac: efuseId(info),
    sectorSize: 0x1000,
    get sectorsRead() {
      return sectorsRead;
    },
    chipDigest: async (address, length) => toHex(await client.flashSha256(address, length)),
    localDigest: (data) => toHex(sha256Of(data)),
    read: async (address: number, length: number, progress?: ProgressSink) => {
      const data = await client.readFlash(address, length, (done, total) => progress?.update(done, total));
      sectorsRead += Math.ceil(length / 0x1000);
      return data;
    },
  };
}
