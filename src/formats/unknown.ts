import { emptyReport, type InspectReport } from './report.js';

/** Classifies bytes no inspector recognised: blank, stuck, or simply unknown. */
export function unknownReport(data: Uint8Array): InspectReport {
  return emptyReport(data.length, 'unknown', 'unknown', { restorable: false, problems: [describeUnknown(data)], warnings: [] });
}

function describeUnknown(data: Uint8Array): string {
  if (data.length === 0) return 'the file is empty';
  const first = data[0];
  if (data.every((b) => b === first)) {
    const what = first === 0xff ? 'erased flash (every byte 0xFF)' : first === 0 ? 'zeros (every byte 0x00): a read that returned nothing' : `the byte 0x${first.toString(16)} repeated`;
    return `the file holds only ${what}; it is not a usable dump`;
  }
  return 'no Beken or Bouffalo image, dump or container was recognised in this file';
}
