import type { InspectReport } from './report.js';
import { inspectBeken } from './beken/inspect.js';
import { inspectBouffalo } from './bouffalo/inspect.js';
import { unknownReport } from './unknown.js';

/** An inspector recognises its vendor's images by content, or returns null to let the next one try. */
export type Inspector = (data: Uint8Array) => InspectReport | null;

// Bouffalo first: its magic at offset 0 is unambiguous, Beken detection is heuristic.
const inspectors: Inspector[] = [inspectBouffalo, inspectBeken];

/** Identifies and checks any flash dump or firmware file from its bytes alone. */
export function inspectImage(data: Uint8Array): InspectReport {
  for (const inspector of inspectors) {
    const report = inspector(data);
    if (report) return report;
  }
  return unknownReport(data);
}

/**
 * Adds the "wrong chip" warning when the family found differs from the one the user expects
 * (T firmware does not run on an N and vice versa).
 */
export function checkExpectedFamily(report: InspectReport, expected: string): InspectReport {
  const want = expected.toUpperCase();
  if (!report.family || report.family.toUpperCase() === want) return report;
  const warning = `this ${report.kind} is for a ${report.family}, not a ${want}: its firmware cannot run on a ${want}, do not flash it there`;
  return { ...report, verdict: { ...report.verdict, warnings: [...report.verdict.warnings, warning] } };
}
