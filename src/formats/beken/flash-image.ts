import { bytesEqual } from '../bytes.js';
import { notFound, type ImageKind, type InspectReport } from '../report.js';
import { locateTuyaStorage } from '../tuya/locate.js';
import { locateObkConfig } from '../obk/locate.js';
import { formatKey } from './cipher.js';
import { identifyBootloader, type BootloaderIdentity } from './bootloader.js';
import { appIdentityOf } from './app-identity.js';
import { checkAppPartition, TRAILER_STATE_TEXT } from './app-check.js';
import { findFalTable } from './fal.js';
import { Findings, hexAddr, sizeText } from './findings.js';
import { appPartition, decideKind, tailText, type AppPartition, type Tail } from './image-kind.js';
import { APP_LOGICAL_BASE, BOOTLOADER_PHYS_SIZE, LAYOUTS, type BekenFamily, type BekenLayout } from './layouts.js';
import { keyForApp, recoverKey, type RecoveredKey } from './key-recovery.js';
import { badBlockSummary, checkBootloaderPartition, checkCrcPartition, codeLength, decryptCode, type CrcPartitionCheck } from './partition.js';
import { DUMP_ROTATION } from './rotation.js';
import { largestRepeatedSectorGroup } from './stuck-sectors.js';
import { decideFamily, evidenceJson, evidenceRows, type FamilyDecision } from './family.js';
import { describeDownload } from './download.js';
import { kvPlatformFamily } from './kv-region.js';
import { readRfCalibration, findRfCalibrations, type RfCalibration } from './rf.js';
import { isArmVectorTable } from './vectors.js';
import { blockJson, blockText, bootloaderJson, bootloaderRows, partitionRows, restorePlan, trailerJson, trailerText } from './flash-report.js';

/** The size of a QIO in the Tuya T/N layout (app partition end 0x129F70); other layouts end elsewhere. */
export const QIO_SIZE = 0x129f70;

/** Real dumps repeat a non-erased sector at most 6 times (Tuya KV copies); far more means a stuck read. */
const STUCK_SECTOR_COUNT = 16;

export interface FlashImageContext {
  /** The file's size (a rotated file has the same size as `flash`). */
  fileSize: number;
  rotated: boolean;
  /** The bootloader's key when the caller already recovered it. */
  key?: RecoveredKey | null;
}

/** Inspects bytes that start at flash offset 0 (a dump, QIO or bootloader+app dump, possibly truncated). */
export function inspectFlashImage(flash: Uint8Array, context: FlashImageContext): InspectReport {
  const f = new Findings();
  const size = flash.length;

  // Bootloader, its key and its partition table.
  const bl = checkBootloaderPartition(flash);
  let key = context.key !== undefined ? context.key : recoverKey(bl.body.subarray(0, codeLength(bl)));
  const fal = findFalTable(bl.body, bl.trailer?.header.sizeRaw);

  // The app partition from the FAL table (logical units), else the Tuya default; the kind from where it ends.
  // A sane entry only: it starts after the bootloader and ends within the largest flash.
  const falApp = fal?.partitions.find((p) => p.name === 'app' && p.device.endsWith('_crc') && p.offset >= APP_LOGICAL_BASE && p.length > 0 && p.offset + p.length <= 0x3c0000);
  const appPart: AppPartition = falApp ? appPartition(falApp.offset, falApp.length, 'FAL table') : appPartition(APP_LOGICAL_BASE, LAYOUTS.BK7231T.app.length, 'default layout');
  const shape = decideKind(flash, appPart);
  const kind = shape.kind;
  const app = checkCrcPartition(flash, shape.appPhysStart, shape.appPhysLength, appPart.offset);

  if (!key) key = keyForApp(app.body, app.logicalBase);
  const blPlain = key ? decryptCode(bl, key.key) : null;
  const appPlain = key ? decryptCode(app, key.key) : null;
  const appOpens = appPlain !== null && isArmVectorTable(appPlain);
  const identity = identifyBootloader(flash, blPlain, bl.trailer?.header ?? null);
  const appIdentity = appIdentityOf(appOpens ? appPlain : null, app.trailer?.header ?? null);

  // Family and layout, then the plain regions it places.
  const rfFound = findRfCalibrations(flash, 0x100000);
  const tuya = locateTuyaStorage(flash);
  const obk = locateObkConfig(flash);
  const kvChip = tuya ? kvPlatformFamily(flash.subarray(tuya.offset)) : null;
  const decision = decideFamily({ identity, fal, rf: rfFound, app: appIdentity, key, kvOffset: kind === 'full-dump' ? (tuya?.offset ?? null) : null, kvChip });
  const family = decision.family;
  const layout = family && family in LAYOUTS ? LAYOUTS[family as BekenFamily] : null;
  for (const w of decision.disagreements) f.warn(w);
  reportUndecided(f, decision);

  // Verdict.
  checkSize(f, kind, size, layout, family, app, shape.tail);
  if (context.rotated) {
    f.warn(`the dump is rotated by ${hexAddr(DUMP_ROTATION)} (the reader started at ${hexAddr(DUMP_ROTATION)} and wrapped); fwkit un-rotated it for this report, and the file must be written back in physical order (bytes ${hexAddr(size - DUMP_ROTATION)}… first): 'fwkit convert unrotate' writes that file`);
  }
  if (kind === 'full-dump' && repeatsFirstHalf(flash)) {
    f.problem(`the second half of the file repeats the first half: the read wrapped around a ${sizeText(size / 2)} flash or the reader failed, so this is not a ${sizeText(size)} dump`);
  }
  const repeated = kind === 'full-dump' ? largestRepeatedSectorGroup(flash) : null;
  if (repeated && repeated.count >= STUCK_SECTOR_COUNT) {
    f.warn(`${repeated.count} sectors hold the same non-erased 4 KiB (first at ${hexAddr(repeated.first)}): the reader may have returned one buffer again and again; read the chip again to compare`);
  }
  checkBootloader(f, bl, key, identity);
  const trailerState = checkAppPartition(f, app, { key, opens: appOpens, plain: appPlain, haveBootloader: bl.physPresent === bl.physLength });
  if (key && key.source !== 'plaintext' && key.name !== 'Tuya') {
    f.warn(`the flash key is not Tuya's (${key.equivalentOnly ? 'only an equivalent key was found' : formatKey(key.key)}): OpenBeken or LibreTiny images must be built for this key before flashing`);
  }
  const download = fal && layout ? describeDownload(flash, fal, layout) : null;
  if (download?.warning) f.warn(download.warning);
  const rf = checkRf(f, flash, layout, rfFound, kind);
  if (tuya) f.warn(`a Tuya configuration (KV storage) is at ${hexAddr(tuya.offset)}: it holds the Wi-Fi password and the device's cloud keys, so keep this file private`);

  // Human report sections.
  f.section('Bootloader', [
    ...bootloaderRows(identity),
    ['N marker at 0x110', identity.nMarker ? 'yes' : 'no'],
    ['flash key', key ? `${key.name ? key.name + ' ' : ''}${formatKey(key.key)} (${key.source}${key.equivalentOnly ? ', equivalent key' : ''})` : 'not recovered'],
    ['CRC blocks', blockText(bl)],
    ['trailer', trailerText(bl)],
  ]);
  f.section('Application', [
    ['name', appIdentity.name],
    ['version', appIdentity.version],
    ['firmware', appIdentity.firmware],
    ['SDK', appIdentity.sdk],
    ['built', appIdentity.builtAt],
    ['partition', `${hexAddr(appPart.physStart)}-${hexAddr(appPart.physEnd)} (${appPart.source})`],
    ['vector table', appPlain ? (appOpens ? 'yes, decrypts at ' + hexAddr(appPart.offset) : 'no') : null],
    ['CRC blocks', blockText(app)],
    ['trailer', app.trailer ? `${trailerText(app)}; ${TRAILER_STATE_TEXT[trailerState]}` : trailerText(app)],
  ]);
  f.section('Family evidence', evidenceRows(decision));
  f.section('Other regions', [
    ['after the app partition', shape.tail ? tailText(shape.tail) : null],
    ['RF calibration', rf ? `${hexAddr(rf.offset)}, ${rf.length} bytes${rf.mac ? ', MAC ' + rf.mac : ''}` : 'not found'],
    ['download partition', download?.summary],
    ['Tuya KV storage', tuya ? hexAddr(tuya.offset) : 'not found'],
    ['OpenBeken config', obk ? `${hexAddr(obk.offset)} (version ${obk.version})` : 'not found'],
  ]);
  if (layout) f.section('Restore', restorePlan(layout, kind));

  return {
    size: context.fileSize,
    vendor: 'beken',
    kind,
    family,
    bootloader: bootloaderJson(identity, { nMarker: identity.nMarker }, key, bl),
    rotated: context.rotated,
    app: {
      name: appIdentity.name,
      version: appIdentity.version,
      sdk: appIdentity.sdk,
      builtAt: appIdentity.builtAt,
      firmware: appIdentity.firmware,
      nameSource: appIdentity.source,
      decrypts: appOpens,
      blocks: blockJson(app),
      trailer: trailerJson(app),
      trailerState,
    },
    partitions: partitionRows(fal, bl, app, download?.state ?? null),
    tuya: tuya ? { found: true, offset: tuya.offset, storage: 'Tuya KV key block' } : notFound(),
    obk: obk ? { found: true, offset: obk.offset, storage: `OpenBeken config version ${obk.version}`, length: obk.length } : notFound(),
    rf: rf ? { offset: rf.offset, length: rf.length, mac: rf.mac } : null,
    tail: shape.tail,
    familyEvidence: evidenceJson(decision),
    verdict: f.verdict(),
    details: f.details,
  };
}

/** Undecided families are said; an unsupported chip is never restorable by fwkit. */
export function reportUndecided(f: Findings, decision: FamilyDecision): void {
  if (decision.unsupported) f.problem(`the bytes name a ${decision.unsupported}, a chip fwkit does not support: it cannot check or write this image`);
  else if (!decision.family && decision.candidates.length > 1) f.warn(`the family cannot be decided from the bytes: it is one of ${decision.candidates.join(', ')}`);
}

function repeatsFirstHalf(flash: Uint8Array): boolean {
  const half = flash.length / 2;
  return bytesEqual(flash.subarray(0, half), flash.subarray(half, half * 2));
}

function checkSize(f: Findings, kind: ImageKind, size: number, layout: BekenLayout | null, family: string | null, app: CrcPartitionCheck, tail: Tail | null): void {
  const full = layout?.flashSizes[0] ?? 0x200000;
  const name = family ?? 'Beken';
  if (kind === 'partial') {
    const after = tail ? `, and it holds data past the app partition (${tailText(tail)}) but stops short of the flash end` : '';
    f.problem(`the file is ${sizeText(size)} (${hexAddr(size)} bytes), a full ${name} flash is ${sizeText(full)}${after}: the dump is truncated`);
  } else if (kind === 'full-dump' && layout && !layout.flashSizes.includes(size)) {
    f.warn(`the file is ${sizeText(size)} but a ${name} flash is normally ${sizeText(full)}`);
  }
  if (app.physPresent < app.physLength) {
    f.problem(`the app partition is cut short: the file ends at ${hexAddr(app.physStart + app.physPresent)}, the partition at ${hexAddr(app.physStart + app.physLength)}`);
  }
}

function checkBootloader(f: Findings, bl: CrcPartitionCheck, key: RecoveredKey | null, identity: BootloaderIdentity): void {
  if (bl.scan.bad) f.problem(`the bootloader fails its CRC in ${badBlockSummary(bl.scan)}: it is damaged (a read error or a corrupted chip)`);
  if (!bl.trailer) f.warn('the bootloader has no RBL trailer at its partition end (0x10F9A): it cannot be checked as a whole');
  else if (!bl.trailer.crcValid || !bl.trailer.hashValid) f.problem('the bootloader trailer checksum (CRC-32/FNV-1a) does not match its content: the bootloader is damaged');
  if (!key) f.problem('the flash key could not be recovered from the bootloader, so the bootloader and app cannot be decrypted and checked');
  else if (!identity.version) f.warn('no bootloader version string was found in the decrypted bootloader');
  if (identity.version === 'BK7231S_1.0.4' && identity.tableName === 'bl_bk7231s_1.0.3') {
    f.warn('this old BK7231T bootloader calls itself BK7231S_1.0.4 while tool tables name it bl_bk7231s_1.0.3');
  }
}

function checkRf(f: Findings, flash: Uint8Array, layout: BekenLayout | null, found: RfCalibration[], kind: ImageKind): RfCalibration | null {
  if (kind !== 'full-dump') return null;
  const expected = layout?.rf.map((o) => readRfCalibration(flash, o)).find((r) => r) ?? null;
  if (expected) return expected;
  if (found.length) {
    f.warn(`the RF calibration is at ${hexAddr(found[0].offset)}, not where a ${layout?.family ?? 'Beken'} keeps it (${layout ? hexAddr(layout.rf[0]) : '?'})`);
    return found[0];
  }
  f.warn('no RF calibration (TLV) was found: restoring this dump elsewhere loses the calibration and MAC address');
  return null;
}
