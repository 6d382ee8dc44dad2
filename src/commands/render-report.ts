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

/** The human report: summary, partitions, family sections, then the verdict. */
export function renderReport(file: string, report: InspectReport): string {
  const out: string[] = [];
  out.push(keyValueTable(summaryRows(file, report)));
  if (report.partitions.length) out.push('Partitions', partitionTable(report.partitions));
  for (const section of report.details) out.push(section.title, keyValueTable(section.rows));
  const v = report.verdict;
  out.push(`Verdict: ${v.restorable ? 'RESTORABLE' : 'NOT RESTORABLE'}`);
  for (const p of v.problems) out.push(`  problem: ${p}`);
  for (const w of v.warnings) out.push(`  warning: ${w}`);
  return out.join('\n') + '\n';
}
