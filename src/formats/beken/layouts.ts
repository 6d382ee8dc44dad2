/** Where each Beken family keeps what, in physical flash offsets (see beken-formats §1). */
export type BekenFamily = 'BK7231T' | 'BK7231N' | 'BK7231U' | 'BK7231M' | 'BK7231Q' | 'BK7238' | 'BK7252' | 'BK7252N';

export interface BekenLayout {
  family: BekenFamily;
  flashSizes: number[];
  /** The app partition when no FAL table says otherwise: logical offset and length (CRC units). */
  app: { offset: number; length: number };
  /** OTA download partition (plain). */
  download: { offset: number; length: number };
  /** RF calibration TLV sector candidates, the usual one first. */
  rf: number[];
  obkConfig: number;
  tuyaKv: number;
  /** Key the family's stock images use. */
  key: 'tuya' | 'zero';
  /** Whether a UART restore may rewrite the bootloader (N BootROM protocol). */
  bootloaderWritable: boolean;
}

export const MIB = 0x100000;
export const SECTOR = 0x1000;
/** Bootloader partition size in flash; the app partition starts here (logical 0x10000). */
export const BOOTLOADER_PHYS_SIZE = 0x11000;
/** Default Tuya app partition in flash: phys 0x11000 .. 0x129F70 (logical 0x10000 + 0x108700). */
export const APP_PHYS_SIZE = 0x118f70;
export const APP_LOGICAL_BASE = 0x10000;

export const LAYOUTS: Record<BekenFamily, BekenLayout> = {
  BK7231T: { family: 'BK7231T', app: { offset: APP_LOGICAL_BASE, length: 0x108700 }, flashSizes: [2 * MIB], download: { offset: 0x132000, length: 0xa6000 }, rf: [0x1e0000], obkConfig: 0x1e1000, tuyaKv: 0x1ee000, key: 'tuya', bootloaderWritable: false },
  BK7231U: { family: 'BK7231U', app: { offset: APP_LOGICAL_BASE, length: 0x108700 }, flashSizes: [2 * MIB], download: { offset: 0x132000, length: 0xa6000 }, rf: [0x1e0000], obkConfig: 0x1e1000, tuyaKv: 0x1ee000, key: 'zero', bootloaderWritable: false },
  BK7231N: { family: 'BK7231N', app: { offset: APP_LOGICAL_BASE, length: 0x108700 }, flashSizes: [2 * MIB], download: { offset: 0x12a000, length: 0xa6000 }, rf: [0x1d0000], obkConfig: 0x1d1000, tuyaKv: 0x1ee000, key: 'tuya', bootloaderWritable: true },
  BK7231M: { family: 'BK7231M', app: { offset: APP_LOGICAL_BASE, length: 0x108700 }, flashSizes: [2 * MIB], download: { offset: 0x12a000, length: 0xa6000 }, rf: [0x1d0000], obkConfig: 0x1d1000, tuyaKv: 0x1ee000, key: 'zero', bootloaderWritable: true },
  BK7238: { family: 'BK7238', app: { offset: APP_LOGICAL_BASE, length: 0x10a5a0 }, flashSizes: [2 * MIB], download: { offset: 0x12c000, length: 0xb5000 }, rf: [0x1e0000, 0x1e3000], obkConfig: 0x1e1000, tuyaKv: 0x1f5000, key: 'zero', bootloaderWritable: true },
  BK7231Q: { family: 'BK7231Q', app: { offset: APP_LOGICAL_BASE, length: 0x108700 }, flashSizes: [2 * MIB], download: { offset: 0x132000, length: 0xa6000 }, rf: [0x1e0000], obkConfig: 0x1e1000, tuyaKv: 0x1eb000, key: 'zero', bootloaderWritable: false },
  BK7252N: { family: 'BK7252N', app: { offset: APP_LOGICAL_BASE, length: 0x108700 }, flashSizes: [2 * MIB, 4 * MIB], download: { offset: 0x132000, length: 0xa6000 }, rf: [0x1e0000], obkConfig: 0x1e1000, tuyaKv: 0x1ee000, key: 'zero', bootloaderWritable: true },
  BK7252: { family: 'BK7252', app: { offset: APP_LOGICAL_BASE, length: 0x1a0000 }, flashSizes: [2 * MIB, 4 * MIB], download: { offset: 0x2ec000, length: 0x112000 }, rf: [0x3fe000, 0x1e0000], obkConfig: 0x1e1000, tuyaKv: 0x397000, key: 'zero', bootloaderWritable: false },
};

/** The family a FAL download offset points to (the layout's one distinguishing number). */
export function familyFromDownloadOffset(offset: number): BekenFamily[] {
  return Object.values(LAYOUTS)
    .filter((l) => l.download.offset === offset)
    .map((l) => l.family);
}
