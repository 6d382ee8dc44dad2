import { FormatError, hex } from '../errors.js';
import { bytesEqual, sha256Of, toHex } from '../bytes.js';
import type { InspectReport } from '../report.js';
import { bootHeaderProblems, checkBootHeader, decodeAnyBootHeader, flagsOf, hashIsPlaceholder, headerSize, isBl616, type AnyBootHeader, type HashStatus } from './boot-header.js';
import { bootImageFindings, bootImageSummary, FIRMWARE_IMAGE_GAP, readBootImage, startsWithBootHeader, type BootImage } from './boot-image.js';
import { decodeOtaHeader, OTA_MAGIC, otaPayload } from './ota-header.js';
import { decodePartitionTable } from './partition-table.js';
import { bootImageSection, bouffaloReport, partitionRows, settle } from './report-parts.js';
import { familyFromCode } from './flash-layout.js';
import { bouffaloImageKind, decideBouffaloFamily } from './family-evidence.js';
import { evidenceJson, evidenceRows } from '../family-evidence.js';

/** A lone partition table (partition.bin), as written at 0xE000 and 0xF000. */
export function partitionTableReport(data: Uint8Array): InspectReport {
  const table = decodePartitionTable(data);
  const report = bouffaloReport(data, 'bl-partition-table', null);
  report.partitions = partitionRows(table);
  const crc = table.headerCrcOk && table.entriesCrcOk ? 'ok' : 'bad';
  report.partitionTables = { entries: table.entries.length, age: table.age, crc };
  const problems = crc === 'ok' ? [] : [`the partition table's ${table.headerCrcOk ? 'entries' : 'header'} CRC does not match`];
  return settle(report, problems, []);
}

/** BL616 headers name their chip; BL602 and BL702 headers look alike, so they leave it open. */
function familyOf(header: AnyBootHeader): string | null {
  return isBl616(header) ? 'BL616' : null;
}

/** A lone 176- or 256-byte header (bootinfo.bin): only its own CRCs can be checked. */
export function bootHeaderReport(data: Uint8Array): InspectReport {
  const header = decodeAnyBootHeader(data);
  const check = checkBootHeader(header);
  const report = bouffaloReport(data, 'bl-boot-header', familyOf(header));
  const hash = hashIsPlaceholder(header) ? 'placeholder' : toHex(header.hash);
  report.bootHeader = { imageStart: header.imageStart, imageLength: header.imageLength, ...check, hash };
  report.details.push({
    title: 'boot header',
    rows: [
      ['CRCs', `header ${check.headerCrc}, flash config ${check.flashConfigCrc}, clock ${check.clockConfigCrc}`],
      ['image it describes', `${header.imageLength} bytes, img_start ${hex(header.imageStart)}`],
      ['image SHA-256', hash],
    ],
  });
  return settle(report, bootHeaderProblems(header, check, 'boot header at 0x0'), []);
}

/**
 * A RAM image (eflash_loader and the like): segments follow the header, and the hash covers them all
 * as stored.
 */
function ramImageHash(data: Uint8Array, image: BootImage): HashStatus {
  const flags = flagsOf(image.header);
  if (flags.hashIgnore && flags.sign === 0 && hashIsPlaceholder(image.header)) return 'ignored';
  return bytesEqual(sha256Of(data.subarray(headerSize(image.header))), image.header.hash) ? 'ok' : 'bad';
}

/**
 * Where a header-led file keeps its image: 4 KiB after the header in a firmware-partition image
 * (boot2 ignores img_start there), at img_start in a boot2 or single MCU image. The hash decides;
 * when it is not set, erased filler at 0x1000 points to img_start.
 */
function locateImage(data: Uint8Array): BootImage {
  const header = decodeAnyBootHeader(data);
  const atGap = readBootImage(data, 0, FIRMWARE_IMAGE_GAP);
  if (header.imageStart === FIRMWARE_IMAGE_GAP || header.imageStart >= data.length || atGap.hash === 'ok') return atGap;
  const atStart = readBootImage(data, 0, header.imageStart);
  if (atStart.hash === 'ok') return atStart;
  const gapErased = data.subarray(FIRMWARE_IMAGE_GAP, Math.min(header.imageStart, FIRMWARE_IMAGE_GAP + 16)).every((b) => b === 0xff);
  return gapErased ? atStart : atGap;
}

/**
 * A file that starts with a boot header but carries no partition table: a firmware-slot image, boot2,
 * manufacturing firmware, a single MCU image or a RAM image; the kind and family come from the header and the code.
 */
export function firmwareFileReport(data: Uint8Array): InspectReport {
  const header = decodeAnyBootHeader(data);
  let image: BootImage;
  let ram = false;
  if (flagsOf(header).noSegment && header.hasFlashConfig) {
    image = locateImage(data);
  } else {
    const segments = readBootImage(data, 0, headerSize(header));
    image = { ...segments, hash: ramImageHash(data, segments) };
    ram = true;
  }
  const code = data.subarray(image.imageOffset, Math.min(data.length, image.imageOffset + (ram ? data.length : header.imageLength)));
  const decision = decideBouffaloFamily(header, code);
  const report = bouffaloReport(data, bouffaloImageKind(code, ram, image.imageOffset), decision.family ?? familyFromCode(data, [image]));
  if (ram) report.ramImage = { segments: header.imageLength, loadAddress: header.imageStart };
  const findings = bootImageFindings(image, 'image');
  findings.warnings.push(...decision.disagreements);
  if (!decision.family && decision.candidates.length > 1) findings.warnings.push(`the chip cannot be decided from the bytes: it is one of ${decision.candidates.join(', ')}`);
  report.app = { name: null, version: null, ...bootImageSummary(image) };
  report.details.push(bootImageSection('image', image, report.family));
  report.details.push({ title: 'Family evidence', rows: evidenceRows(decision) });
  report.familyEvidence = evidenceJson(decision);
  return settle(report, findings.problems, findings.warnings);
}

/** An OTA file: its payload checked against the header, then the firmware image inside a RAW payload. */
export function otaReport(data: Uint8Array): InspectReport {
  const header = decodeOtaHeader(data);
  const { payload, lengthOk, sha256Ok } = otaPayload(data, header);
  const report = bouffaloReport(data, 'bl-ota', 'BL602');
  report.ota = {
    magic: OTA_MAGIC,
    type: header.type,
    payloadLength: header.payloadLength,
    hardwareVersion: header.hardwareVersion,
    softwareVersion: header.softwareVersion,
    payloadSha256: sha256Ok ? 'ok' : 'bad',
  };
  report.app = { name: null, version: header.softwareVersion || null };
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!lengthOk) problems.push(`the OTA header announces a ${header.payloadLength}-byte payload but ${data.length - 512} bytes follow it`);
  else if (!sha256Ok) problems.push('the OTA payload does not match the SHA-256 in its header');
  if (header.type === 'RAW' && lengthOk) {
    if (!startsWithBootHeader(payload)) throw new FormatError(512, 'a RAW OTA payload should start with a boot header ("BFNP")');
    const image = readBootImage(payload, 0, FIRMWARE_IMAGE_GAP);
    const findings = bootImageFindings({ ...image, headerOffset: 512, imageOffset: 512 + FIRMWARE_IMAGE_GAP }, 'firmware');
    problems.push(...findings.problems);
    warnings.push(...findings.warnings);
    report.app = { ...report.app, ...bootImageSummary(image), headerOffset: 512, imageOffset: 512 + FIRMWARE_IMAGE_GAP };
  }
  report.details.push({
    title: 'OTA header',
    rows: [
      ['payload', `${header.type}, ${header.payloadLength} bytes at ${hex(512)} (SHA-256 ${sha256Ok ? 'ok' : 'bad'})`],
      ['hardware version', header.hardwareVersion],
      ['software version', header.softwareVersion],
    ],
  });
  return settle(report, problems, warnings);
}
