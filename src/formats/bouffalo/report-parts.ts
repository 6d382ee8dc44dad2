import { hex } from '../errors.js';
import { emptyReport, type DetailSection, type InspectReport } from '../report.js';
import { flagsOf } from './boot-header.js';
import type { BootImage } from './boot-image.js';
import type { PartitionTable } from './partition-table.js';

/** BL602 crystal choices by the header's xtal_type index. */
const BL602_CRYSTALS = ['none', '24 MHz', '32 MHz', '38.4 MHz', '40 MHz', '26 MHz', 'RC 32 MHz'];

/** A Bouffalo report with nothing found yet, restorable until a problem says otherwise. */
export function bouffaloReport(data: Uint8Array, kind: InspectReport['kind'], family: string | null): InspectReport {
  return { ...emptyReport(data.length, 'bouffalo', kind, { restorable: true, problems: [], warnings: [] }), family };
}

/** Sets the verdict from what was found: restorable exactly when nothing blocks it. */
export function settle(report: InspectReport, problems: string[], warnings: string[]): InspectReport {
  report.verdict = { restorable: problems.length === 0, problems, warnings };
  return report;
}

/** One row per partition, in table order; slot 1 columns only for entries that have a second slot. */
export function partitionRows(table: PartitionTable): InspectReport['partitions'] {
  return table.entries.map((entry) => ({
    name: entry.name,
    type: entry.type,
    address0: entry.address[0],
    max0: entry.maxLength[0],
    ...(entry.address[1] ? { address1: entry.address[1], max1: entry.maxLength[1], active: entry.activeIndex } : {}),
  }));
}

/** The human section about one boot header and its image. */
export function bootImageSection(title: string, image: BootImage, family: string | null): DetailSection {
  const { header, check } = image;
  const flags = flagsOf(header);
  const crystal = family === 'BL602' ? BL602_CRYSTALS[header.clock.xtalType] : undefined;
  const rows: Array<[string, string]> = [
    ['header', `${hex(image.headerOffset)} (header CRC ${check.headerCrc}, flash config CRC ${check.flashConfigCrc}, clock CRC ${check.clockConfigCrc})`],
    ['image', `${hex(image.imageOffset)}..${hex(image.imageOffset + header.imageLength)} (${header.imageLength} bytes, SHA-256 ${image.hash})`],
    ['img_start field', hex(header.imageStart)],
    ['flash maker (JEDEC)', hex(header.flashConfig[13], 2)],
    ['crystal', crystal ?? `type ${header.clock.xtalType}`],
    ['signed / encrypted', `${flags.sign ? 'yes' : 'no'} / ${flags.encryptType ? 'yes' : 'no'}`],
  ];
  return { title, rows };
}
