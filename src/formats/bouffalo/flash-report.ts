import { hex } from '../errors.js';
import type { InspectReport } from '../report.js';
import { bootImageSummary, type BootImage } from './boot-image.js';
import { decideBouffaloFamily } from './family-evidence.js';
import { evidenceJson, evidenceRows, type FamilyDecision } from '../family-evidence.js';
import { readFlashLayout, type FlashLayout } from './flash-layout.js';
import { findEntry } from './partition-table.js';
import { findObkConfigInPsm, OBK_PSM_KEY } from './psm.js';
import { locateTuyaStorage } from '../tuya/locate.js';
import { bootImageSection, bouffaloReport, partitionRows, settle } from './report-parts.js';

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** Dump (the whole flash, a power of two), partial dump (cut short of its own partition table) or merged image (ends after the last byte written). */
function classify(data: Uint8Array, layout: FlashLayout): InspectReport['kind'] {
  if (layout.layoutEnd !== null && data.length < layout.layoutEnd && isPowerOfTwo(data.length)) return 'partial';
  return isPowerOfTwo(data.length) ? 'full-dump' : 'merged-image';
}

function sizeFindings(data: Uint8Array, layout: FlashLayout, kind: InspectReport['kind'], problems: string[], warnings: string[]): void {
  if (kind === 'partial') {
    problems.push(
      `the file is ${hex(data.length)} bytes but the partition table reaches ${hex(layout.layoutEnd!)}: the dump is cut short (read the whole flash)`,
    );
  }
  if (kind === 'merged-image') {
    warnings.push(`this is a merged image that ends at ${hex(data.length)}, not a whole-flash dump: flash beyond it keeps its old content`);
  }
  const factory = layout.factory;
  if (factory && factory.offset < data.length && !factory.fdt) {
    const sentence = `the factory partition at ${hex(factory.offset)} holds no device tree (the board's RF and crystal parameters)`;
    (kind === 'full-dump' ? problems : warnings).push(sentence);
  }
}

/** The evidence of boot2's header and the code of boot2 and the firmware; null without a boot2 header. */
function flashFamilyEvidence(data: Uint8Array, layout: FlashLayout): FamilyDecision | null {
  const boot2 = layout.boot2;
  if (!boot2) return null;
  const codeOf = (image: BootImage | null | undefined): Uint8Array =>
    image ? data.subarray(image.imageOffset, Math.min(data.length, image.imageOffset + image.header.imageLength)) : new Uint8Array(0);
  const firmware = codeOf(layout.firmware?.image);
  // Sized by the bytes present, not the header's image length: a hostile header may claim gigabytes.
  const boot2Code = codeOf(boot2);
  const code = new Uint8Array(boot2Code.length + firmware.length);
  code.set(boot2Code);
  code.set(firmware, boot2Code.length);
  return decideBouffaloFamily(boot2.header, code);
}

/** The report on a flash image laid out from offset 0: a dump, a partial dump or a merged image. */
export function flashReport(data: Uint8Array): InspectReport {
  const layout = readFlashLayout(data);
  const kind = classify(data, layout);
  const decision = flashFamilyEvidence(data, layout);
  const report = bouffaloReport(data, kind, decision?.family ?? layout.family);
  const problems = [...layout.problems];
  const warnings = [...layout.warnings, ...(decision?.disagreements ?? [])];
  sizeFindings(data, layout, kind, problems, warnings);

  if (layout.boot2) {
    report.bootloader = { version: null, name: 'boot2', ...bootImageSummary(layout.boot2) };
    report.details.push(bootImageSection('boot2', layout.boot2, layout.family));
  }
  if (layout.table) report.partitions = partitionRows(layout.table);
  const fw = layout.firmware;
  if (fw) {
    report.firmware = { slot: fw.slot, state: fw.state, headerOffset: fw.offset, ...(fw.image ? bootImageSummary(fw.image) : {}) };
    if (fw.image) {
      report.app = { name: null, version: null, slot: fw.slot, ...bootImageSummary(fw.image) };
      report.details.push(bootImageSection(`firmware (slot ${fw.slot})`, fw.image, layout.family));
    }
  }
  report.details.push({
    title: 'partition tables',
    rows: layout.tables.map((copy, i) => [
      hex(copy.offset),
      `${copy.problem ?? `valid, age ${copy.table!.age}, ${copy.table!.entries.length} entries`}${layout.activeTable === i ? ' (active)' : ''}`,
    ]),
  });
  report.partitionTables = {
    offsets: layout.tables.map((copy) => copy.offset),
    valid: layout.tables.filter((copy) => copy.problem === null).length,
    active: layout.activeTable === null ? null : layout.tables[layout.activeTable].offset,
    ages: layout.tables.map((copy) => copy.table?.age ?? null),
  };
  const psm = layout.table ? findEntry(layout.table, 'PSM') : undefined;
  const obk = psm ? findObkConfigInPsm(data, psm.address[0], psm.maxLength[0]) : null;
  if (obk) report.obk = { found: true, offset: obk.offset, storage: `EasyFlash key ${OBK_PSM_KEY} in PSM`, length: obk.length };
  const tuya = locateTuyaStorage(data);
  if (tuya) report.tuya = { found: true, offset: tuya.offset, storage: 'Tuya KV key block' };
  if (layout.factory?.fdt) report.factoryFdt = { offset: layout.factory.offset, totalSize: layout.factory.fdt.totalSize };
  if (decision) {
    report.details.push({ title: 'Family evidence', rows: evidenceRows(decision) });
    report.familyEvidence = evidenceJson(decision);
  }
  return settle(report, problems, warnings);
}
