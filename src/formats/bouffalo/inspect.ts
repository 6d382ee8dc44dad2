import type { InspectReport } from '../report.js';
import { hasMagic } from '../bytes.js';
import { BOOT_HEADER_SIZE, isBl616Header } from './boot-header.js';
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
    return hasTableAtKnownPlace(data) ? flashReport(data) : firmwareFileReport(data);
  }
  return looksLikeBouffaloFlash(data) ? flashReport(data) : null;
}
