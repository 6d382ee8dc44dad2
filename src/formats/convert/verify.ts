import type { BekenKey } from '../beken/cipher.js';
import { inspectWithKey } from './beken-source.js';
import type { ImageKind, InspectReport } from '../report.js';

/**
 * Re-inspects an output before it is written: it must be recognised as the kind it was meant to be,
 * in physical order (`shapeProblems`), and without problems in its verdict. A UA under a key inspect
 * does not know is read with `key`. Returns the report and one sentence per shortcoming.
 */
export function checkOutput(bytes: Uint8Array, kind: ImageKind, key?: BekenKey): { report: InspectReport; problems: string[]; shapeProblems: string[] } {
  const report = inspectWithKey(bytes, key);
  const shapeProblems: string[] = [];
  if (report.kind !== kind) shapeProblems.push(`the result inspects as ${report.kind}, not ${kind}`);
  if (report.rotated) shapeProblems.push('the result still inspects as rotated');
  return { report, problems: [...shapeProblems, ...report.verdict.problems], shapeProblems };
}
