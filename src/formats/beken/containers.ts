import type { InspectReport } from '../report.js';
import { locateTuyaStorage } from '../tuya/locate.js';
import { bekenReport } from './base-report.js';
import { appIdentityOf, findAppIdentity } from './app-identity.js';
import { checkAppPartition, TRAILER_STATE_TEXT } from './app-check.js';
import { decideFamily, evidenceJson, evidenceRows } from './family.js';
import { reportUndecided } from './flash-image.js';
import { Findings, hexAddr, hexWord, isoTime, sizeText } from './findings.js';
import { keyForApp } from './key-recovery.js';
import { kvPlatformFamily } from './kv-region.js';
import { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE, LAYOUTS, MIB, type BekenFamily, type BekenLayout } from './layouts.js';
import { checkCrcPartition, decryptCode } from './partition.js';
import { decodeRblFile, decodeRblHeader, describeAlgo, RBL_HEADER_SIZE, type RblFile } from './rbl.js';
import { decodeUg } from './ug.js';
import { isArmVectorTable } from './vectors.js';

/** An OTA .rbl file: header, package checksum, then AES and gzip undone and the raw app checked. */
export function inspectRbl(data: Uint8Array, size = data.length, findings = new Findings(), kind: 'rbl' | 'ug' = 'rbl', extra: Partial<InspectReport> = {}): InspectReport {
  const f = findings;
  const header = decodeRblHeader(data);
  const rbl = decodeRblFile(data);
  if (rbl.problem) f.problem(rbl.problem);
  if (header.crypt === 0) f.warn('the package is not encrypted: the old BK7231T bootloader (1.0.3/1.0.4) refuses such images');
  const raw = rbl.raw && rbl.hashValid ? rbl.raw : null;
  const identity = raw ? findAppIdentity(raw) : null;
  if (raw && !isArmVectorTable(raw)) f.warn('the unpacked firmware does not start with an ARM vector table');
  const decision = decideFamily({ app: identity });
  reportUndecided(f, decision);
  const family = decision.family;
  f.section('RBL header', [
    ['partition', header.name],
    ['version', header.version],
    ['packing', describeAlgo(header)],
    ['built', isoTime(header.timestamp)],
    ['raw size', `${header.sizeRaw} bytes`],
    ['package', `${header.sizePackage} bytes, CRC-32 ${hexWord(header.crc32)} ${rbl.packageCrcValid ? 'ok' : 'MISMATCH'}`],
    ['unpacked', raw ? `FNV-1a ${hexWord(header.hash)} ok` : 'no'],
    ['app', identity?.name ? `${identity.name} ${identity.version ?? ''}` : null],
  ]);
  f.section('Family evidence', evidenceRows(decision));
  return bekenReport(size, kind, f, {
    family,
    app: { name: identity?.name ?? null, version: identity?.version ?? null, sdk: identity?.sdk ?? null, firmware: identity?.firmware ?? null },
    familyEvidence: evidenceJson(decision),
    rbl: rblJson(rbl),
    ...extra,
  });
}

function rblJson(rbl: RblFile): Record<string, unknown> {
  const h = rbl.header;
  return {
    partition: h.name,
    version: h.version,
    packing: describeAlgo(h),
    timestamp: isoTime(h.timestamp),
    sizeRaw: h.sizeRaw,
    sizePackage: h.sizePackage,
    infoCrcValid: h.infoCrcValid,
    packageCrcValid: rbl.packageCrcValid,
    hashValid: rbl.hashValid,
  };
}

/** A Tuya UG file: the big-endian header, then the RBL it wraps. */
export function inspectUg(data: Uint8Array): InspectReport {
  const f = new Findings();
  const ug = decodeUg(data);
  if (!ug.headerSumValid) f.problem('the UG header checksum does not match: the header is damaged');
  if (ug.payload.length < ug.payloadLength) f.problem(`the UG file is truncated: ${ug.payload.length} of ${ug.payloadLength} payload bytes present`);
  else if (!ug.payloadSumValid) f.problem('the UG payload byte-sum does not match: the file is damaged');
  f.section('UG header', [
    ['version', ug.version],
    ['payload', `${ug.payloadLength} bytes`],
  ]);
  if (ug.payload.length < 96) {
    f.problem('the UG payload is too short to hold an RBL header');
    return bekenReport(data.length, 'ug', f, { ug: { version: ug.version } });
  }
  return inspectRbl(ug.payload, data.length, f, 'ug', { ug: { version: ug.version, payloadLength: ug.payloadLength } });
}

/** A UA image: the app partition alone, CRC-framed and encrypted, trailer at its end; checked as strictly as inside a dump. */
export function inspectUa(data: Uint8Array, findings = new Findings(), kind: 'ua' | 'restore-image' = 'ua', size = data.length): InspectReport {
  const f = findings;
  const app = checkCrcPartition(data, 0, data.length, APP_LOGICAL_BASE);
  const key = keyForApp(app.body, APP_LOGICAL_BASE);
  const plain = key ? decryptCode(app, key.key) : null;
  const opens = plain !== null && isArmVectorTable(plain);
  const identity = appIdentityOf(opens ? plain : null, app.trailer?.header ?? null);
  const decision = decideFamily({ app: identity, key, appLength: app.trailer ? app.body.length + RBL_HEADER_SIZE : null });
  const family = decision.family;
  const layout = family && family in LAYOUTS ? LAYOUTS[family as BekenFamily] : null;
  for (const w of decision.disagreements) f.warn(w);
  reportUndecided(f, decision);
  const trailerState = checkAppPartition(f, app, { key, opens, plain, haveBootloader: false, alone: true });
  if (!key) f.warn('the app is not encrypted with the Tuya key nor plaintext: it is for a chip with another flash key');
  else if (key.name !== 'Tuya' && layout?.key === 'tuya') f.warn(`the image is plaintext but ${family} chips with the Tuya key need an encrypted image`);
  checkUaSize(f, data.length, layout);
  f.section('Application', [
    ['name', identity.name],
    ['version', identity.version],
    ['firmware', identity.firmware],
    ['SDK', identity.sdk],
    ['flash key', key ? key.name : 'unknown'],
    ['CRC blocks', `${app.scan.valid} valid, ${app.scan.erased} erased, ${app.scan.bad} bad of ${app.scan.blocks}`],
    ['trailer', app.trailer ? `${app.trailer.header.name} ${app.trailer.header.version}, ${app.trailer.header.sizeRaw} bytes, ${isoTime(app.trailer.header.timestamp)}; ${TRAILER_STATE_TEXT[trailerState]}` : 'missing'],
  ]);
  f.section('Family evidence', evidenceRows(decision));
  f.section('Restore', [['write', kind === 'ua' ? 'the whole file at flash 0x11000' : 'the whole file at flash 0x11000 (the app, then every data region)']]);
  return bekenReport(size, kind, f, {
    family,
    app: { name: identity.name, version: identity.version, sdk: identity.sdk, firmware: identity.firmware, nameSource: identity.source, decrypts: opens, trailerState },
    familyEvidence: evidenceJson(decision),
  });
}

/** A UA is the app partition: past the family's download partition start it would overwrite the OTA area. */
function checkUaSize(f: Findings, size: number, layout: BekenLayout | null): void {
  const room = layout ? layout.download.offset - BOOTLOADER_PHYS_SIZE : null;
  if (room !== null && layout && size > room) {
    f.problem(`the image is ${size} bytes but a ${layout.family} has ${room} bytes from 0x11000 to its download partition at ${hexAddr(layout.download.offset)}: written at 0x11000 it would run over it`);
  } else if (size !== APP_PHYS_SIZE) {
    f.warn(`the image is ${size} bytes; the usual UA is ${APP_PHYS_SIZE} bytes (${hexAddr(APP_PHYS_SIZE)})`);
  }
}

/** Sizes of `dump[0x11000:]` for the flash sizes Beken chips carry. */
export function isRestoreImageSize(size: number): boolean {
  return [2 * MIB, 4 * MIB].some((flash) => size === flash - BOOTLOADER_PHYS_SIZE);
}

/**
 * `dump[0x11000:]`: the app partition followed by every data region, written at 0x11000 (what a
 * BK7231T, whose bootloader cannot be rewritten over UART, can take). The app is checked as a UA.
 */
export function inspectRestoreImage(data: Uint8Array): InspectReport {
  const f = new Findings();
  const tuya = locateTuyaStorage(data);
  if (tuya) f.warn(`a Tuya configuration (KV storage) is at file offset ${hexAddr(tuya.offset)}: it holds the Wi-Fi password and the device's cloud keys, so keep this file private`);
  const report = inspectUa(data.subarray(0, APP_PHYS_SIZE), f, 'restore-image', data.length);
  if (tuya) report.tuya = { found: true, offset: tuya.offset, storage: 'Tuya KV key block' };
  return report;
}

/** A copy of the Tuya KV area alone (e.g. flash 0x1EE000..end), not a dump. */
export function inspectKvRegion(data: Uint8Array): InspectReport | null {
  const location = locateTuyaStorage(data);
  if (!location || location.offset !== 0) return null;
  const f = new Findings();
  const family = kvPlatformFamily(data);
  const layout = family && family in LAYOUTS ? LAYOUTS[family as BekenFamily] : null;
  const flashOffset = layout && layout.tuyaKv + data.length === layout.flashSizes[0] ? layout.tuyaKv : null;
  f.problem(`the file is only a Tuya configuration area (${sizeText(data.length)}), not a flash dump: it holds no bootloader or app to restore`);
  f.warn('it holds the Wi-Fi password and the device cloud keys: keep this file private');
  f.section('Tuya KV region', [
    ['key block', 'at offset 0'],
    ['platform', family],
    ['flash offset', flashOffset !== null ? `${hexAddr(flashOffset)} (end of a ${sizeText(MIB * 2)} flash)` : 'unknown'],
  ]);
  return bekenReport(data.length, 'tuya-kv-region', f, {
    family,
    tuya: { found: true, offset: 0, storage: 'Tuya KV key block', length: data.length },
    flashOffset,
  });
}
