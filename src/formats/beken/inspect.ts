import type { InspectReport } from '../report.js';

/** Recognises Beken dumps, images and containers; null when the bytes are not Beken's. */
export function inspectBeken(_data: Uint8Array): InspectReport | null {
  return null;
}
