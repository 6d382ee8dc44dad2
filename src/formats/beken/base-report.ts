import { notFound, type ImageKind, type InspectReport } from '../report.js';
import type { Findings } from './findings.js';

/** A Beken report with nothing found yet; inspectors fill in what they know. */
export function bekenReport(size: number, kind: ImageKind, findings: Findings, fields: Partial<InspectReport> = {}): InspectReport {
  return {
    size,
    vendor: 'beken',
    kind,
    family: null,
    bootloader: null,
    rotated: false,
    app: null,
    partitions: [],
    tuya: notFound(),
    obk: notFound(),
    ...fields,
    verdict: findings.verdict(),
    details: findings.details,
  };
}
