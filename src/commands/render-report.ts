import Table from 'cli-table3';
import type { InspectReport } from '../formats/report.js';
import { cell, summaryRows } from '../formats/report-text.js';

export { cell };

/** No rule between rows: reports stay short enough to read in a terminal. */
export const compact = { chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, style: { head: [], border: [] } };

export function keyValueTable(rows: Array<[string, string]>): string {
  const table = new Table(compact);
  for (const [key, value] of rows) table.push({ [key]: value });
  return table.toString();
}

function partitionTable(partitions: InspectReport['partitions']): string {
  const columns: string[] = [];
  for (const row of partitions) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const table = new Table({ ...compact, head: columns });
  for (const row of partitions) table.push(columns.map((c) => cell(row[c])));
  return table.toString();
}

interface EvidenceJson {
  candidates: string[];
  decided: boolean;
  supported: boolean;
  family: string | null;
  evidence: Array<{ signal: string; value: string; fits: string[]; weight: number; agrees: boolean | null }>;
}

/** The family evidence as a table: every signal, the families it fits, its weight, and whether it agrees. */
function evidenceTable(json: EvidenceJson): string {
  const table = new Table({ ...compact, head: ['signal', 'value', 'fits', 'weight', 'agrees'] });
  for (const e of json.evidence) table.push([e.signal, e.value, e.fits.join('/'), String(e.weight), e.agrees === null ? '-' : e.agrees ? 'yes' : 'NO']);
  const verdict = !json.decided
    ? `undecided: ${json.candidates.length ? json.candidates.join(', ') : 'no evidence'}`
    : json.supported
      ? `decided: ${json.family}`
      : `${json.family}: not a chip fwkit supports`;
  return `${table.toString()}\n${verdict}`;
}

/** The human report: summary, partitions, family sections, then the verdict. */
export function renderReport(file: string, report: InspectReport): string {
  const out: string[] = [];
  out.push(keyValueTable(summaryRows(file, report)));
  if (report.partitions.length) out.push('Partitions', partitionTable(report.partitions));
  const evidence = report.familyEvidence as EvidenceJson | undefined;
  for (const section of report.details) {
    out.push(section.title, section.title === 'Family evidence' && evidence ? evidenceTable(evidence) : keyValueTable(section.rows));
  }
  const v = report.verdict;
  out.push(`Verdict: ${v.restorable ? 'RESTORABLE' : 'NOT RESTORABLE'}`);
  for (const p of v.problems) out.push(`  problem: ${p}`);
  for (const w of v.warnings) out.push(`  warning: ${w}`);
  return out.join('\n') + '\n';
}
