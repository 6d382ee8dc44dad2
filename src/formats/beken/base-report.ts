import { emptyReport, type ImageKind, type InspectReport } from '../report.js';
import type { Findings } from './findings.js';

/** A Beken report with the findings' verdict and sections, plus what the inspector found. */
export function bekenReport(size: number, kind: ImageKind, findings: Findings, fields: Partial<InspectReport> = {}): InspectReport {
  return { ...emptyReport(size, 'beken', kind, findings.verdict(), findings.details), ...fields };
}
