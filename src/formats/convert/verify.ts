import { inspectImage } from '../inspect.js';
import type { ImageKind, InspectReport } from '../report.js';

/**
 * Re-inspects an output before it is written: it must be recognised as the kind it was meant to be,
 * in physical order, and without problems. Returns the report and one sentence per shortcoming.
 */
export function checkOutput(bytes: Uint8Array, kind: ImageKind): { report: InspectReport; problems: string[] } {
  const report = inspectImage(bytes);
  const problems: string[] = [];
  if (report.kind !== kind) problems.push(`the result inspects as ${report.kind}, not ${kind}`);
  if (report.rotated) problems.push('the result still inspects as rotated');
  problems.push(...report.verdict.problems);
  return { report, problems };
}
