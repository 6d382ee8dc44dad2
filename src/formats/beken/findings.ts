import type { DetailSection, Verdict } from '../report.js';

/** Collects the verdict's sentences and the human report's sections while an inspector works. */
export class Findings {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  readonly details: DetailSection[] = [];

  problem(sentence: string): void {
    if (!this.problems.includes(sentence)) this.problems.push(sentence);
  }

  warn(sentence: string): void {
    if (!this.warnings.includes(sentence)) this.warnings.push(sentence);
  }

  section(title: string, rows: Array<[string, string | null | undefined]>): void {
    const kept = rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== undefined && r[1] !== '');
    if (kept.length) this.details.push({ title, rows: kept });
  }

  verdict(): Verdict {
    return { restorable: this.problems.length === 0, problems: this.problems, warnings: this.warnings };
  }
}

export const hexWord = (n: number): string => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
/** A 32-bit CRC or hash as report fields carry it (the JSON form): lower case, 8 digits. */
export const jsonWord = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
export const hexAddr = (n: number): string => '0x' + n.toString(16).toUpperCase();
export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** "2 MiB", "1.1 MiB", "72 KiB", "517 bytes" */
export function sizeText(bytes: number): string {
  if (bytes >= 0x100000) return `${+(bytes / 0x100000).toFixed(bytes % 0x100000 ? 2 : 0)} MiB`;
  if (bytes >= 0x400) return `${+(bytes / 0x400).toFixed(bytes % 0x400 ? 1 : 0)} KiB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}
