import type { InspectReport } from '../report.js';

/** Recognises Bouffalo (BL602/BL702/BL616) dumps and images; null when the bytes are not Bouffalo's. */
export function inspectBouffalo(_data: Uint8Array): InspectReport | null {
  return null;
}
