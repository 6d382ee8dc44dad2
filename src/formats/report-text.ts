/** How report values read as text, shared by the CLI's tables and the web page's. */
import type { ConfigPresence, InspectReport } from './report.js';

/** Formats a cell: numbers that look like addresses or sizes in hex, the rest as text. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0x100 ? `0x${value.toString(16).toUpperCase()}` : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "found at 0x1EE000 (Tuya KV key block)" or "not found". */
export function presence(config: ConfigPresence): string {
  if (!config.found) return 'not found';
  const where = config.offset !== undefined ? ` at ${cell(config.offset)}` : '';
  return `found${where}${config.storage ? ` (${config.storage})` : ''}`;
}

/** The summary rows of the inspect report, in the order and words both faces show. */
export function summaryRows(file: string, report: InspectReport): Array<[string, string]> {
  return [
    ['file', file],
    ['size', `${report.size} bytes (${cell(report.size)})`],
    ['kind', report.kind],
    ['family', report.family ?? 'unknown'],
    ['bootloader', report.bootloader?.version ?? '-'],
    ['app', report.app ? `${report.app.name ?? '?'} ${report.app.version ?? ''}`.trim() : '-'],
    ['rotated', report.rotated ? 'yes' : 'no'],
    ['Tuya config', presence(report.tuya)],
    ['OpenBeken config', presence(report.obk)],
  ];
}
