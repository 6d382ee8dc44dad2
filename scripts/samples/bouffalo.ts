import { crc32Of, sha256Of, view } from '../../src/formats/bytes.js';
import { encodeBootHeader, sealBootHeader, type BootHeader } from '../../src/formats/bouffalo/boot-header.js';
import { wrapFirmware } from '../../src/formats/bouffalo/firmware-image.js';
import { mergeFlashImage } from '../../src/formats/bouffalo/merge.js';
import { buildRawOta } from '../../src/formats/bouffalo/ota-header.js';
import { encodePartitionTable, type PartitionEntry } from '../../src/formats/bouffalo/partition-table.js';
import { OBK_PSM_KEY, PSM_EASYFLASH } from '../../src/formats/bouffalo/psm.js';
import { encodeEasyFlashRecord, encodeEasyFlashSector } from '../../src/formats/obk/easyflash.js';
import { encodeObkConfig } from '../../src/formats/obk/config.js';
import { obkRoleNumber } from '../../src/formats/obk/roles.js';
import { pseudoBytes } from './prng.js';

/**
 * A synthetic BL602 board with a 1 MiB flash, built only with fwkit's own encoders from deterministic
 * pseudo-content: boot2, both partition tables, a firmware image in FW slot 0, an OpenBeken config in
 * PSM (EasyFlash) and a factory device tree.
 */
export const BL602_SAMPLE_FLASH_SIZE = 0x100000;
const SEED = 0xb1602;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

type Slot = [number, number];
const entry = (type: number, name: string, address: Slot, maxLength: Slot): PartitionEntry => ({ type, device: 0, activeIndex: 0, name, address, maxLength, length: 0, age: 0 });

/** The BL602 layout shrunk to 1 MiB: two FW slots (the second sized for xz OTA updates), then the SDK's small partitions. */
export const BL602_SAMPLE_PARTITIONS: PartitionEntry[] = [
  entry(0, 'FW', [0x10000, 0x80000], [0x70000, 0x50000]),
  entry(7, 'PSM', [0xd0000, 0], [0x8000, 0]),
  entry(3, 'KEY', [0xd8000, 0], [0x2000, 0]),
  entry(4, 'DATA', [0xda000, 0], [0x5000, 0]),
  entry(5, 'media', [0xe0000, 0], [0x18000, 0]),
  entry(8, 'factory', [0xf8000, 0], [0x8000, 0]),
];

/** Flash and clock settings in the shape of a BL602 SDK header; the 84 flash-config bytes are pseudo-content with a GigaDevice maker id. */
function templateHeader(imageStart: number): BootHeader {
  const flashConfig = pseudoBytes(84, SEED ^ 0xfc);
  flashConfig[13] = 0xc8;
  return sealBootHeader({
    magic: 'BFNP',
    revision: 1,
    hasFlashConfig: true,
    flashConfig,
    flashConfigCrc: 0,
    hasClockConfig: true,
    clock: { xtalType: 4, pllClk: 4, hclkDiv: 0, bclkDiv: 1, flashClkType: 3, flashClkDiv: 1, reserved: [0, 0] },
    clockConfigCrc: 0,
    bootConfig: 0x300, // no_segment (a flash image) and cache enabled
    imageLength: 0,
    bootEntry: 0,
    imageStart,
    hash: new Uint8Array(32),
    partitionTableAddresses: [0, 0],
    headerCrc: 0,
  });
}

/** Code with the chip name in it, as SDK builds print it at boot. */
function code(length: number, seed: number, banner: string): Uint8Array {
  const bytes = pseudoBytes(length, seed);
  bytes.set(enc(`\0${banner}\0`), 0x200);
  return bytes;
}

/** boot2 image: header at 0, 0xFF filler, code at 0x2000 with its length and SHA-256 in the header. */
function boot2Image(): Uint8Array {
  const boot2Code = code(0x2400, SEED ^ 0xb2, 'BL602 boot2 (fwkit sample)');
  const header = sealBootHeader({ ...templateHeader(0x2000), imageLength: boot2Code.length, hash: sha256Of(boot2Code) });
  const out = new Uint8Array(0x2000 + boot2Code.length).fill(0xff);
  out.set(encodeBootHeader(header));
  out.set(boot2Code, 0x2000);
  return out;
}

export function bl602FirmwareImage(): Uint8Array {
  return wrapFirmware(code(0xbffa, SEED ^ 0xa9, 'BL602 OpenBL602 fwkit sample 1.0.0'), templateHeader(0x1000));
}

/** One EasyFlash4 sector holding one written record, as the BL602 SDK lays it out. */
function easyFlashSector(name: string, value: Uint8Array): Uint8Array {
  return encodeEasyFlashSector([encodeEasyFlashRecord(name, value, PSM_EASYFLASH)], PSM_EASYFLASH);
}

function obkConfig(): Uint8Array {
  return encodeObkConfig({
    version: 5,
    crcVariant: 'unsigned',
    length: 3584,
    shortDeviceName: 'obk-bl602-sample',
    longDeviceName: 'fwkit BL602 sample plug',
    wifiSsid: 'fwkit-sample',
    wifiPass: 'not-a-real-secret',
    pins: [
      { pin: 2, role: obkRoleNumber('Rel'), channel: 1, channel2: 0, roleName: 'Rel' },
      { pin: 3, role: obkRoleNumber('Btn'), channel: 1, channel2: 0, roleName: 'Btn' },
    ],
    channelTypes: {},
  });
}

/** A minimal flattened device tree (version 17): an empty root node with a "model" property. */
function factoryDeviceTree(): Uint8Array {
  const strings = enc('model\0');
  const model = enc('fwkit,bl602-sample\0');
  const be = (...words: number[]) => {
    const out = new Uint8Array(words.length * 4);
    words.forEach((w, i) => view(out).setUint32(4 * i, w));
    return out;
  };
  const modelPadded = new Uint8Array(Math.ceil(model.length / 4) * 4);
  modelPadded.set(model);
  const struct = new Uint8Array([...be(1, 0), ...be(3, model.length, 0), ...modelPadded, ...be(2, 9)]);
  const structAt = 40 + 16;
  const stringsAt = structAt + struct.length;
  const total = stringsAt + strings.length;
  const out = new Uint8Array(total);
  out.set(be(0xd00dfeed, total, structAt, stringsAt, 40, 17, 16, 0, strings.length, struct.length));
  out.set(struct, structAt);
  out.set(strings, stringsAt);
  return out;
}

export function bl602FullDump(): Uint8Array {
  const table = encodePartitionTable({ version: 0, age: 0, entries: BL602_SAMPLE_PARTITIONS });
  const psm = easyFlashSector(OBK_PSM_KEY, obkConfig());
  const parts = [
    { name: 'PSM', bytes: psm },
    { name: 'factory', bytes: factoryDeviceTree() },
  ];
  return mergeFlashImage({ boot2: boot2Image(), table, firmware: bl602FirmwareImage(), parts }, BL602_SAMPLE_FLASH_SIZE).bytes;
}

export function bouffaloSamples(): Array<{ file: string; about: string; build: () => Uint8Array }> {
  return [
    { file: 'bl602-dump.bin', about: 'full 1 MiB BL602 flash dump (boot2, both tables, firmware, OBK config in PSM, factory FDT)', build: bl602FullDump },
    { file: 'bl602-firmware.bin', about: 'BL602 firmware-slot image (boot header, image 4 KiB in), as bl wrap makes it', build: bl602FirmwareImage },
    { file: 'bl602-fw.ota', about: 'BL602 RAW OTA file of that firmware image', build: () => buildRawOta(bl602FirmwareImage(), { hardwareVersion: 'BFL_Module_v1.1', softwareVersion: '1.0.0' }) },
  ];
}
