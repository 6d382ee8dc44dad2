import { FormatError, hex } from '../errors.js';
import { formatKey, keysEqual, type BekenKey } from '../beken/cipher.js';
import { fnv1a32 } from '../beken/checksums.js';
import { findAppIdentity } from '../beken/app-identity.js';
import { familyOfAppName } from '../beken/family.js';
import { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE } from '../beken/layouts.js';
import { packCrcPartition } from '../beken/packager.js';
import { decryptCode } from '../beken/partition.js';
import { isArmVectorTable } from '../beken/vectors.js';
import { describeKind, type BekenSource } from './beken-source.js';

/** A conversion's result, and what is wrong with its input beyond the inspect verdict. */
export interface Converted {
  bytes: Uint8Array;
  problems: string[];
}

function needFlash(source: BekenSource, what: string): Uint8Array {
  if (!source.flash) throw new FormatError(0, `the file is ${describeKind(source.report)}; ${what} needs a dump or QIO that starts at flash 0`);
  return source.flash;
}

/** QIO, dump, bootloader+app dump or restore image -> UA: the app partition exactly as stored (written at 0x11000). */
export function toUa(source: BekenSource): Converted {
  if (source.report.kind !== 'restore-image') needFlash(source, 'taking the UA out');
  if (source.app.physPresent < source.app.physLength) {
    throw new FormatError(source.app.physStart + source.app.physPresent, `the app partition is cut short at ${hex(source.app.physStart + source.app.physPresent)}`);
  }
  return { bytes: source.appBytes.slice(), problems: [] };
}

/**
 * UA + the bootloader partition of a dump or QIO of the same chip -> QIO. The bootloader cannot be
 * made from the UA, so it must come from the device (or one of its family with the same key).
 */
export function toQio(ua: BekenSource, bootloaderSource: BekenSource): Converted {
  if (ua.flash) throw new FormatError(0, `the app file is ${describeKind(ua.report)}, not a UA`);
  const flash = needFlash(bootloaderSource, 'taking the bootloader');
  if (flash.length < BOOTLOADER_PHYS_SIZE) throw new FormatError(flash.length, `the bootloader file ends at ${hex(flash.length)}, before the end of the bootloader partition (0x11000)`);
  const problems: string[] = [];
  const [appFamily, blFamily] = [ua.report.family, bootloaderSource.report.family];
  if (appFamily && blFamily && appFamily !== blFamily) {
    problems.push(`the app is built for ${appFamily} but the bootloader is a ${blFamily} one: ${appFamily} firmware cannot run on ${blFamily}`);
  }
  if (ua.key && bootloaderSource.key && !keysEqual(ua.key, bootloaderSource.key)) {
    problems.push(`the app is encrypted with ${formatKey(ua.key)} but the bootloader's chip key is ${formatKey(bootloaderSource.key)}`);
  }
  const appRow = bootloaderSource.report.partitions.find((p) => p.name === 'app');
  if (typeof appRow?.physLength === 'number' && appRow.physLength !== ua.appBytes.length) {
    problems.push(`the bootloader's partition table gives the app ${hex(appRow.physLength)} bytes, the UA is ${hex(ua.appBytes.length)} bytes`);
  }
  const bytes = new Uint8Array(BOOTLOADER_PHYS_SIZE + ua.appBytes.length);
  bytes.set(flash.subarray(0, BOOTLOADER_PHYS_SIZE));
  bytes.set(ua.appBytes, BOOTLOADER_PHYS_SIZE);
  return { bytes, problems };
}

/** Full dump -> everything from 0x11000 on: the app and all data, what a BK7231T can be given back. */
export function toRestoreImage(source: BekenSource): Converted {
  const flash = needFlash(source, 'a restore image');
  if (source.report.kind !== 'full-dump') throw new FormatError(0, `the file is ${describeKind(source.report)}; a restore image is cut from a full dump`);
  return { bytes: flash.slice(BOOTLOADER_PHYS_SIZE), problems: [] };
}

/** A dump read from 0x11000 with wrap-around -> physical order. */
export function toUnrotated(source: BekenSource): Converted {
  if (!source.report.rotated || !source.flash) throw new FormatError(0, `the file is ${describeKind(source.report)}, not a rotated dump: there is nothing to un-rotate`);
  return { bytes: source.flash.slice(), problems: [] };
}

/** The plain app linked at 0x10000, and its trailer's length and timestamp (its hash covers the encrypted bytes). */
export interface PlainApp extends Converted {
  expected: { sizeRaw: number; timestamp: number } | null;
}

/** Dump, QIO or UA -> the plain app: CRCs stripped, decrypted at 0x10000, cut to the trailer's size. */
export function decryptApp(source: BekenSource): PlainApp {
  if (!source.key) throw new FormatError(source.app.physStart, 'the flash key of this app is unknown (not Tuya, not plaintext); give it with --key');
  if (source.app.scan.valid === 0) throw new FormatError(source.app.physStart, 'the app partition holds no app (it is erased)');
  const plain = decryptCode(source.app, source.key);
  const trailer = source.app.trailer;
  const problems: string[] = [];
  if (!isArmVectorTable(plain)) problems.push(`the app does not decrypt to an ARM vector table with the key ${formatKey(source.key)}`);
  if (!trailer) problems.push('the app has no trailer, so its length comes from the first block that is not valid');
  const expected = trailer ? { sizeRaw: trailer.header.sizeRaw, timestamp: trailer.header.timestamp } : null;
  return { bytes: plain, problems, expected };
}

export interface EncryptOptions {
  key: BekenKey;
  /** Trailer timestamp, Unix seconds. */
  timestamp: number;
  /** App partition size in flash (UA length); the Tuya layout's by default. */
  physLength?: number;
}

/** Plain app -> UA: encrypted at 0x10000, CRC-framed, 0xFF fill, the packager's trailer at the end. */
export function encryptApp(plain: Uint8Array, options: EncryptOptions): Converted {
  const problems = isArmVectorTable(plain) ? [] : ['the input does not start with an ARM vector table: it is not a plain app linked at 0x10000'];
  const bytes = packCrcPartition(plain, {
    key: options.key,
    logicalBase: APP_LOGICAL_BASE,
    physLength: options.physLength ?? APP_PHYS_SIZE,
    name: 'app',
    timestamp: options.timestamp,
  });
  return { bytes, problems };
}

/** The chip a plain Tuya app is built for, from the firmware name inside it. */
export function appFamily(plain: Uint8Array): string | null {
  const name = findAppIdentity(plain).name;
  return name ? familyOfAppName(name) : null;
}

/** Sentences saying how a plain app differs from what its trailer or RBL header announced. */
export function plainAppProblems(plain: Uint8Array, expected: { sizeRaw: number; hash?: number } | null): string[] {
  const problems: string[] = [];
  if (!isArmVectorTable(plain)) problems.push('the plain app does not start with an ARM vector table');
  if (expected && plain.length !== expected.sizeRaw) problems.push(`the plain app is ${plain.length} bytes, its header announced ${expected.sizeRaw}`);
  else if (expected?.hash !== undefined && fnv1a32(plain) !== expected.hash) problems.push(`the plain app's FNV-1a hash is ${hex(fnv1a32(plain), 8)}, its header announced ${hex(expected.hash, 8)}`);
  return problems;
}
