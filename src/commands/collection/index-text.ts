import type { CollectionIndex, IndexEntry, IndexGroup, IndexSummary } from './index-model.js';
import { appText } from './render-many.js';

/** The words both page renderers use, so the Markdown and the HTML say the same thing. */

export function summarySentence(s: IndexSummary): string {
  const copies = s.duplicateSets ? `; ${s.duplicateSets} set${s.duplicateSets === 1 ? '' : 's'} of identical files (${s.duplicateCopies} extra ${s.duplicateCopies === 1 ? 'copy' : 'copies'})` : '; no identical files';
  return `${s.files} files: ${s.restorable} restorable, ${s.notRestorable} not restorable, ${s.unknown} not recognised, ${s.unreadable} unreadable${copies}.`;
}

export function familyTitle(family: string | null): string {
  return family ?? 'Family not identified';
}

export function bootloaderTitle(bootloader: string | null): string {
  return bootloader ? `bootloader ${bootloader}` : 'no bootloader version';
}

/** Groups of one family together, in index order. */
export function groupsByFamily(index: CollectionIndex): Array<{ family: string | null; groups: IndexGroup[] }> {
  const out: Array<{ family: string | null; groups: IndexGroup[] }> = [];
  for (const group of index.groups) {
    const last = out.at(-1);
    if (last && last.family === group.family) last.groups.push(group);
    else out.push({ family: group.family, groups: [group] });
  }
  return out;
}

export function entryMap(index: CollectionIndex): Map<string, IndexEntry> {
  return new Map(index.files.map((entry) => [entry.path, entry]));
}

export const FILE_COLUMNS = ['file', 'kind', 'app', 'Tuya module', 'pins', 'verdict', 'same content as'];

export function entryVerdict(entry: IndexEntry): string {
  if (entry.kind === 'unknown') return 'not recognised';
  if (entry.restorable) return entry.warnings.length ? `restorable (${entry.warnings.length} warning${entry.warnings.length === 1 ? '' : 's'})` : 'restorable';
  return 'NOT restorable';
}

export function entryApp(entry: IndexEntry): string {
  const app = appText(entry.app);
  return entry.openBeken ? `${app === '-' ? '' : `${app}, `}OpenBeken config`.trim() : app;
}

export function entryModule(entry: IndexEntry): string {
  if (!entry.tuya) return '-';
  return entry.tuya.module ?? (entry.tuya.family ? `(${entry.tuya.family})` : '(config, no module)');
}

/** A link's target: each path segment percent-encoded, brackets and parentheses too (Markdown ends links at them). */
export function hrefOf(link: string): string {
  return link
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
