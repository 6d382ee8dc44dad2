import { isUnreadable, type FileRecord, type TuyaDevice } from './inspect-file.js';
import { comparePaths } from './walk.js';

/** One file of the index: the facts `fwkit inspect --json` gives for it, in a few plain fields. */
export interface IndexEntry {
  /** Below the indexed folder, `/` separators. */
  path: string;
  /** From the index file to the file (what the HTML and Markdown link to). */
  link: string;
  size: number | null;
  sha256: string | null;
  vendor: string | null;
  kind: string | null;
  family: string | null;
  bootloader: string | null;
  app: { name: string | null; version: string | null } | null;
  restorable: boolean | null;
  problems: string[];
  warnings: string[];
  tuya: TuyaDevice | null;
  openBeken: boolean;
  /** Set when the file could not be read: one sentence. */
  error?: string;
}

export interface IndexGroup {
  family: string | null;
  bootloader: string | null;
  files: string[];
}

export interface DuplicateSet {
  sha256: string;
  size: number;
  files: string[];
}

export interface IndexSummary {
  files: number;
  restorable: number;
  notRestorable: number;
  unknown: number;
  unreadable: number;
  duplicateSets: number;
  /** Files that are a copy of an earlier one (all in a set but the first). */
  duplicateCopies: number;
}

/** The whole index: what `-o index.json` holds and what the HTML and Markdown show. */
export interface CollectionIndex {
  fwkitIndex: 1;
  /** Only with --timestamp: the output is otherwise the same for the same files. */
  generatedAt?: string;
  summary: IndexSummary;
  groups: IndexGroup[];
  duplicates: DuplicateSet[];
  files: IndexEntry[];
}

export function entryOf(record: FileRecord, path: string, link: string): IndexEntry {
  if (isUnreadable(record)) {
    return {
      path, link, size: null, sha256: null, vendor: null, kind: null, family: null, bootloader: null, app: null,
      restorable: null, problems: [], warnings: [], tuya: null, openBeken: false, error: record.error,
    };
  }
  const r = record.report;
  return {
    path,
    link,
    size: r.size,
    sha256: record.sha256,
    vendor: r.vendor,
    kind: r.kind,
    family: r.family,
    bootloader: r.bootloader?.version ?? null,
    app: r.app ? { name: r.app.name, version: r.app.version } : null,
    restorable: r.verdict.restorable,
    problems: r.verdict.problems,
    warnings: r.verdict.warnings,
    tuya: record.tuyaDevice,
    openBeken: r.obk.found,
  };
}

/** Named values first, in code-unit order; the missing one (null) last. */
function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Groups by family, then bootloader; duplicates by content hash. Sorted throughout, so equal inputs give equal bytes. */
export function buildIndex(entries: IndexEntry[], generatedAt?: string): CollectionIndex {
  const files = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  const groups = new Map<string, IndexGroup>();
  const byHash = new Map<string, DuplicateSet>();
  const summary: IndexSummary = { files: files.length, restorable: 0, notRestorable: 0, unknown: 0, unreadable: 0, duplicateSets: 0, duplicateCopies: 0 };
  for (const entry of files) {
    if (entry.error !== undefined) summary.unreadable++;
    else if (entry.kind === 'unknown') summary.unknown++;
    else if (entry.restorable) summary.restorable++;
    else summary.notRestorable++;
    if (entry.error !== undefined) continue;
    const key = JSON.stringify([entry.family, entry.bootloader]);
    const group = groups.get(key) ?? { family: entry.family, bootloader: entry.bootloader, files: [] };
    group.files.push(entry.path);
    groups.set(key, group);
    if (entry.sha256 !== null && entry.size !== null) {
      const set = byHash.get(entry.sha256) ?? { sha256: entry.sha256, size: entry.size, files: [] };
      set.files.push(entry.path);
      byHash.set(entry.sha256, set);
    }
  }
  const duplicates = [...byHash.values()].filter((set) => set.files.length > 1).sort((a, b) => comparePaths(a.files[0], b.files[0]));
  summary.duplicateSets = duplicates.length;
  summary.duplicateCopies = duplicates.reduce((n, set) => n + set.files.length - 1, 0);
  return {
    fwkitIndex: 1,
    ...(generatedAt ? { generatedAt } : {}),
    summary,
    groups: [...groups.values()].sort((a, b) => compareNullable(a.family, b.family) || compareNullable(a.bootloader, b.bootloader)),
    duplicates,
    files,
  };
}

/** `P8 Rel 1, P24 PWM 2`: the pins of a Tuya device in one line. */
export function pinSummary(tuya: TuyaDevice | null): string {
  if (!tuya || tuya.pins.length === 0) return '';
  return tuya.pins.map((p) => `P${p.pin} ${p.role}${p.channel !== null ? ` ${p.channel}` : ''}`).join(', ');
}

/** For each file in a set of duplicates, the first file of its set (the others are copies of it). */
export function firstCopies(index: CollectionIndex): Map<string, string> {
  const first = new Map<string, string>();
  for (const set of index.duplicates) for (const file of set.files.slice(1)) first.set(file, set.files[0]);
  return first;
}
