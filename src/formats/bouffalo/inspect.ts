import type { InspectReport } from '../report.js';
import { hasMagic } from '../bytes.js';
import { BOOT_HEADER_SIZE, decodeAnyBootHeader, flagsOf, isBl616Header } from './boot-header.js';
import { BL616_HEADER_SIZE } from './bl616-header.js';
import { bootHeaderReport, firmwareFileReport, otaReport, partitionTableReport } from './file-reports.js';
import { flashReport } from './flash-report.js';
import { looksLikeBouffaloFlash, hasTableAtKnownPlace } from './flash-layout.js';
import { isOtaFile } from './ota-header.js';

/** Recognises Bouffalo (BL602/BL702/BL616) dumps and images; null when the bytes are not Bouffalo's. */
export function inspectBouffalo(data: Uint8Array): InspectReport | null {
  if (isOtaFile(data)) return otaReport(data);
  if (hasMagic(data, 0, 'BFPT')) return partitionTableReport(data);
  if (hasMagic(data, 0, 'BFNP') || hasMagic(data, 0, 'BFAP')) {
    if (data.length <= (isBl616Header(data) ? BL616_HEADER_SIZE : BOOT_HEADER_SIZE)) return bootHeaderReport(data);
    // Data well past the boot image is a flash dump even when its partition tables are gone (then not restorable).
    return hasTableAtKnownPlace(data) || holdsDataPastBootImage(data) ? flashReport(data) : firmwareFileReport(data);
  }
  return looksLikeBouffaloFlash(data) ? flashReport(data) : null;
}

/** A flash image's code ends within its header's image length (at img_start or 4 KiB in); anything written after it is more than one image. */
function holdsDataPastBootImage(data: Uint8Array): boolean {
  const header = decodeAnyBootHeader(data);
  if (!flagsOf(header).noSegment) return false;
  const end = Math.max(header.imageStart, 0x1000) + header.imageLength;
  const from = Math.ceil(end / 0x1000) * 0x1000 + 0x1000;
  for (let i = from; i < data.length; i++) if (data[i] !== 0xff) return true;
  return false;
}
