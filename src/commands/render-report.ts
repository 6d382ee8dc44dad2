import Table from 'cli-table3';
import type { InspectReport } from '../formats/report.js';

/** Formats a cell: numbers that look like addresses or sizes in hex, the rest as text. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0x100 ? `0x${value.toString(16).toUpperCase()}` : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

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

function presence(config: InspectReport['tuya']): string {
  if (!config.found) return 'not found';
  const where = config.offset !== undefined ? ` at ${cell(config.offset)}` : '';
  return `found${where}${config.storage ? ` (${config.storage})` : ''}`;
}

/** The human report: summary, partitions, family sections, then the verdict. */
export function renderReport(file: string, report: InspectReport): string {
  const out: string[] = [];
  out.push(
    keyValueTable([
      ['file', file],
      ['size', `${report.size} bytes (${cell(report.size)})`],
      ['kind', report.kind],
      ['family', report.family ?? 'unknown'],
      ['bootloader', report.bootloader?.version ?? '-'],
      ['app', report.app ? `${report.app.name ?? '?'} ${report.app.version ?? ''}`.trim() : '-'],
      ['rotated', report.rotated ? 'yes' : 'no'],
      ['Tuya config', presence(report.tuya)],
      ['OpenBeken config', presence(report.obk)],
    ]),
  );
  if (report.partitions.length) out.push('Partitions', partitionTable(report.partitions));
  for (const section of report.details) out.push(section.title, keyValueTable(section.rows));
  const v = report.verdict;
  out.push(`Verdict: ${v.restorable ? 'RESTORABLE' : 'NOT RESTORABLE'}`);
  for (const p of v.problems) out.push(`  problem: ${p}`);
  for (const w of v.warnings) out.push(`  warning: ${w}`);
  return out.join('\n') + '\n';
}
