import { createCipheriv } from 'node:crypto';
import { TUYA_KEY, type BekenKey } from '../../src/formats/beken/cipher.js';
import { encodeFalTable } from '../../src/formats/beken/fal.js';
import { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE, LAYOUTS, MIB } from '../../src/formats/beken/layouts.js';
import { packCrcPartition } from '../../src/formats/beken/packager.js';
import { encodeRblFile } from '../../src/formats/beken/rbl.js';
import { pseudoBytes } from './prng.js';

/** Synthetic Beken images built only with fwkit's own encoders from deterministic pseudo-content. */
export interface SyntheticDevice {
  family: 'BK7231N' | 'BK7231T';
  bootloaderVersion: string;
  appName: string;
  appVersion: string;
  seed: number;
  timestamp: number;
  key?: BekenKey;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const VECTOR_LDR = [0x14, 0xf0, 0x9f, 0xe5];

function vectorTable(branch: number): Uint8Array {
  const out = new Uint8Array(32);
  out.set([branch & 0xff, (branch >> 8) & 0xff, 0x00, 0xea]);
  for (let w = 1; w < 8; w++) out.set(VECTOR_LDR, 4 * w);
  return out;
}

function wordsLE(key: BekenKey): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  key.forEach((w, i) => view.setUint32(4 * i, w >>> 0, true));
  return out;
}

/** Bootloader code: vector table, Tuya tag block (key, OTA key strings, version), code, FAL table at the end. */
export function bootloaderCode(device: SyntheticDevice): { code: Uint8Array; falOffset: number } {
  const layout = LAYOUTS[device.family];
  const fal = encodeFalTable([
    { name: 'bootloader', device: 'beken_onchip_crc', offset: 0, length: 0x10000 },
    { name: 'app', device: 'beken_onchip_crc', offset: APP_LOGICAL_BASE, length: 0x108700 },
    { name: 'download', device: 'beken_onchip', offset: layout.download.offset, length: layout.download.length },
  ]);
  const codeLength = 0x3000;
  const code = new Uint8Array(codeLength + fal.length);
  code.set(pseudoBytes(codeLength, device.seed ^ 0xb0071));
  code.set(vectorTable(0x0b48), 0);
  const view = new DataView(code.buffer);
  view.setUint32(0x3c, 0xdeadbeef, true);
  view.setUint32(0x40, 0xdeadbeef, true);
  code.set([0xee, 0xbb, 0xaa, 0x10, ...wordsLE(device.key ?? TUYA_KEY)], 0x44);
  code.set([0xee, 0xbb, 0xbb, 0x32, ...enc('0123456789ABCDEF\0'), ...enc('0123456789ABCDEF0123456789ABCDEF\0')], 0x58);
  const version = enc(device.bootloaderVersion + '\0');
  code.set([0xee, 0xbb, 0xcc, version.length, ...version], 0x90);
  if (device.family === 'BK7231N') code.set(enc('BK7231\0\0'), 0x100);
  code.set(enc('\0incorrect header check\0invalid window size\0'), 0x5b0);
  code.set(fal, codeLength);
  return { code, falOffset: codeLength };
}

/** App code: vector table, pseudo code, and the Tuya firmware name and version strings. */
export function appCode(device: SyntheticDevice): Uint8Array {
  const length = 0xc000;
  const code = pseudoBytes(length, device.seed ^ 0xa99);
  code.set(vectorTable(0x000e), 0);
  const prefix = device.family === 'BK7231N' ? 'bk7231n' : 'bk7231s';
  code.set(enc(`\0${prefix}\0oem_${device.appName}\0${device.appVersion}\0mf_init succ\0`), length - 0x400);
  return code;
}

function rfCalibration(mac: Uint8Array): Uint8Array {
  const tlv = new Uint8Array(0x1000).fill(0xff);
  const view = new DataView(tlv.buffer);
  tlv.set(enc('TLV\0'), 0);
  view.setUint32(4, 0x62, true);
  view.setUint32(8, 0x11111100, true);
  view.setUint32(12, 0x5a, true);
  view.setUint32(0x10, 0x11111101, true);
  view.setUint32(0x14, 4, true);
  view.setUint32(0x18, 0x7231c, true);
  view.setUint32(0x1c, 0x11111102, true);
  view.setUint32(0x20, 6, true);
  tlv.set(mac, 0x24);
  tlv.fill(0, 0x2a, 0x6a);
  return tlv;
}

/** A Tuya KV key block (master-key AES-128-ECB); no data blocks follow. */
function tuyaKeyBlock(seed: number): Uint8Array {
  const plain = new Uint8Array(0x1000).fill(0xff);
  const deviceKey = pseudoBytes(16, seed ^ 0x4b4559);
  const view = new DataView(plain.buffer);
  view.setUint32(0, 0x13579753, true);
  view.setUint32(4, deviceKey.reduce((a, b) => a + b, 0), true);
  plain.set(deviceKey, 8);
  const cipher = createCipheriv('aes-128-ecb', enc('qwertyuiopasdfgh'), null);
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
}

/** A complete 2 MiB flash image as a reader would dump it from a stock Tuya module. */
export function flashDump(device: SyntheticDevice): Uint8Array {
  const key = device.key ?? TUYA_KEY;
  const layout = LAYOUTS[device.family];
  const flash = new Uint8Array(2 * MIB).fill(0xff);
  const { code: blCode, falOffset } = bootloaderCode(device);
  const islands: Array<[number, number]> = [[falOffset, blCode.length]];
  if (device.family === 'BK7231N') islands.push([0x100, 0x108]);
  flash.set(packCrcPartition(blCode, { key, logicalBase: 0, physLength: BOOTLOADER_PHYS_SIZE, name: 'bootloader', timestamp: device.timestamp - 86400, plainIslands: islands }), 0);
  flash.set(packCrcPartition(appCode(device), { key, logicalBase: APP_LOGICAL_BASE, physLength: APP_PHYS_SIZE, name: 'app', timestamp: device.timestamp }), BOOTLOADER_PHYS_SIZE);
  const mac = Uint8Array.from([0xc8, 0x47, 0x8c, ...pseudoBytes(3, device.seed)]);
  flash.set(rfCalibration(mac), layout.rf[0]);
  flash.set(tuyaKeyBlock(device.seed), layout.tuyaKv);
  return flash;
}

export const SAMPLE_N: SyntheticDevice = { family: 'BK7231N', bootloaderVersion: 'BK7231N_1.0.1', appName: 'bk7231n_fwkit_sample_plug', appVersion: '1.0.0', seed: 0x7231e, timestamp: 1700000000 };
export const SAMPLE_T: SyntheticDevice = { family: 'BK7231T', bootloaderVersion: 'BK7231S_1.0.5', appName: 'bk7231s_fwkit_sample_light', appVersion: '2.1.0', seed: 0x7231a, timestamp: 1690000000 };

/** Flips one byte in each of `count` app blocks, as a bad read would. */
export function damageApp(dump: Uint8Array, count: number): Uint8Array {
  const out = dump.slice();
  for (let i = 0; i < count; i++) out[BOOTLOADER_PHYS_SIZE + 0x2200 + i * 0x1000 + 5] ^= 0x5a;
  return out;
}

/** Every Beken sample: file name, what it is, and how to build it. */
export function bekenSamples(): Array<{ file: string; about: string; build: () => Uint8Array }> {
  const n = (): Uint8Array => flashDump(SAMPLE_N);
  return [
    { file: 'bk7231n-dump.bin', about: 'full 2 MiB BK7231N flash dump (Tuya key, bootloader, app, RF, Tuya KV key block)', build: n },
    { file: 'bk7231t-dump.bin', about: 'full 2 MiB BK7231T flash dump', build: () => flashDump(SAMPLE_T) },
    { file: 'bk7231n-qio.bin', about: 'BK7231N QIO image (bootloader + app, 0x129F70 bytes)', build: () => n().slice(0, 0x129f70) },
    { file: 'bk7231n-ua.bin', about: 'BK7231N UA image (app partition only, written at 0x11000)', build: () => n().slice(0x11000, 0x129f70) },
    {
      file: 'bk7231n-app.rbl',
      about: 'OTA RBL of the same app (gzip + AES-256-CBC with the Tuya/OpenBeken OTA key)',
      build: () => encodeRblFile(appCode(SAMPLE_N), { version: SAMPLE_N.appVersion, timestamp: SAMPLE_N.timestamp }),
    },
    { file: 'bk7231n-damaged-dump.bin', about: 'the BK7231N dump with 3 app blocks corrupted (not restorable)', build: () => damageApp(n(), 3) },
  ];
}
