import Table from 'cli-table3';
import { isUnreadable, type FileRecord, type TuyaDevice } from './inspect-file.js';

/** The columns of `fwkit inspect <many>`: one row per file. */
export const ROW_HEAD = ['file', 'kind', 'family', 'bootloader', 'app', 'Tuya module', 'verdict'];

export function appText(app: { name: string | null; version: string | null } | null): string {
  if (!app || (!app.name && !app.version)) return '-';
  return `${app.name ?? '?'} ${app.version ?? ''}`.trim();
}

export function moduleText(device: TuyaDevice | null): string {
  if (!device) return '-';
  return device.module ?? (device.family ? `(${device.family})` : 'config, no module');
}

export function verdictText(record: FileRecord): string {
  if (isUnreadable(record)) return 'UNREADABLE';
  const v = record.report.verdict;
  if (record.report.kind === 'unknown') return 'not recognised';
  return v.restorable ? 'restorable' : `NOT restorable (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'})`;
}

/** A row is a handful of short strings: the table is kept until the end, the reports are not. */
export function recordRow(record: FileRecord): string[] {
  if (isUnreadable(record)) return [record.file, '-', '-', '-', '-', '-', verdictText(record)];
  const r = record.report;
  return [record.file, r.kind, r.family ?? '-', r.bootloader?.version ?? '-', appText(r.app), moduleText(record.tuyaDevice), verdictText(record)];
}

/** The sentences worth printing under the table for one file: why it cannot be read or restored. */
export function recordNotes(record: FileRecord): string[] {
  if (isUnreadable(record)) return [`  ${record.error}`];
  return record.report.verdict.problems.map((problem) => `  ${record.file}: ${problem}`);
}

export function renderRows(rows: string[][]): string {
  const table = new Table({
    head: ROW_HEAD,
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(row);
  return table.toString() + '\n';
}
