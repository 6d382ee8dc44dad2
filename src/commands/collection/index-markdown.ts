import { firstCopies, pinSummary, type CollectionIndex, type IndexEntry } from './index-model.js';
import {
  bootloaderTitle, entryApp, entryMap, entryModule, entryVerdict, familyTitle, FILE_COLUMNS, groupsByFamily, hrefOf, summarySentence,
} from './index-text.js';

/** Text in a table cell or link label: Markdown's own characters escaped, one line. */
function md(text: string): string {
  return text
    .replace(/[\\`*[\]<>|#]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, all: string) => (/[A-Za-z0-9]/.test(all[at - 1] ?? '') && /[A-Za-z0-9]/.test(all[at + 1] ?? '') ? c : '\\_'))
    .replace(/\s+/g, ' ');
}

function fileLink(entry: { path: string; link: string }): string {
  return `[${md(entry.path)}](${hrefOf(entry.link)})`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The index as Markdown: a section per family, a table per bootloader, then identical files, problems and unreadable files. */
export function renderIndexMarkdown(index: CollectionIndex): string {
  const entries = entryMap(index);
  const copies = firstCopies(index);
  const out: string[] = ['# Firmware index', ''];
  if (index.generatedAt) out.push(`Generated ${index.generatedAt}.`, '');
  out.push(summarySentence(index.summary), '');
  for (const { family, groups } of groupsByFamily(index)) {
    out.push(`## ${md(familyTitle(family))}`, '');
    for (const group of groups) {
      out.push(`### ${md(bootloaderTitle(group.bootloader))}`, '', row(FILE_COLUMNS), row(FILE_COLUMNS.map(() => '---')));
      for (const path of group.files) {
        const entry = entries.get(path) as IndexEntry;
        const copyOf = copies.get(path);
        out.push(
          row([
            fileLink(entry),
            md(entry.kind ?? '-'),
            md(entryApp(entry)),
            md(entryModule(entry)),
            md(pinSummary(entry.tuya) || '-'),
            md(entryVerdict(entry)),
            copyOf ? fileLink(entries.get(copyOf) as IndexEntry) : '',
          ]),
        );
      }
      out.push('');
    }
  }
  if (index.duplicates.length) {
    out.push('## Identical files (same SHA-256)', '', row(['SHA-256', 'size', 'files']), row(['---', '---', '---']));
    for (const set of index.duplicates) {
      out.push(row([`\`${set.sha256}\``, String(set.size), set.files.map((f) => fileLink(entries.get(f) as IndexEntry)).join(', ')]));
    }
    out.push('');
  }
  const troubled = index.files.filter((e) => e.error === undefined && e.problems.length);
  if (troubled.length) {
    out.push('## Problems', '');
    for (const entry of troubled) for (const problem of entry.problems) out.push(`- ${fileLink(entry)}: ${md(problem)}`);
    out.push('');
  }
  const unreadable = index.files.filter((e) => e.error !== undefined);
  if (unreadable.length) {
    out.push('## Unreadable', '');
    for (const entry of unreadable) out.push(`- ${fileLink(entry)}: ${md(entry.error ?? '')}`);
    out.push('');
  }
  return out.join('\n');
}
