import { firstCopies, pinSummary, type CollectionIndex, type IndexEntry } from './index-model.js';
import {
  bootloaderTitle, entryApp, entryMap, entryModule, entryVerdict, familyTitle, FILE_COLUMNS, groupsByFamily, hrefOf, summarySentence,
} from './index-text.js';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fileLink(entry: { path: string; link: string }): string {
  return `<a href="${esc(hrefOf(entry.link))}">${esc(entry.path)}</a>`;
}

function anchor(...parts: Array<string | null>): string {
  return parts.map((p) => (p ?? 'none').replace(/[^A-Za-z0-9._-]/g, '-')).join('--');
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}',
  'table{border-collapse:collapse;margin-bottom:1.5em}',
  'th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}',
  'th{background:#f0f0f0}',
  '.bad{color:#a00;font-weight:bold}',
  'code{font-size:.9em}',
].join('\n');

/** The index as one self-contained HTML page (no script, no outside resource), the same sections as the Markdown. */
export function renderIndexHtml(index: CollectionIndex): string {
  const entries = entryMap(index);
  const copies = firstCopies(index);
  const families = groupsByFamily(index);
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Firmware index</title>',
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<h1>Firmware index</h1>',
  ];
  if (index.generatedAt) out.push(`<p>Generated ${esc(index.generatedAt)}.</p>`);
  out.push(`<p>${esc(summarySentence(index.summary))}</p>`, '<ul>');
  for (const { family, groups } of families) {
    const links = groups.map((g) => `<a href="#${anchor(family, g.bootloader)}">${esc(bootloaderTitle(g.bootloader))}</a> (${g.files.length})`);
    out.push(`<li>${esc(familyTitle(family))}: ${links.join(', ')}</li>`);
  }
  out.push('</ul>');
  for (const { family, groups } of families) {
    out.push(`<h2>${esc(familyTitle(family))}</h2>`);
    for (const group of groups) {
      out.push(`<h3 id="${anchor(family, group.bootloader)}">${esc(bootloaderTitle(group.bootloader))}</h3>`, '<table>');
      out.push(`<tr>${FILE_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`);
      for (const path of group.files) {
        const entry = entries.get(path) as IndexEntry;
        const copyOf = copies.get(path);
        const verdict = entryVerdict(entry);
        const problems = [...entry.problems, ...entry.warnings].map(esc).join('&#10;');
        const cells = [
          fileLink(entry),
          esc(entry.kind ?? '-'),
          esc(entryApp(entry)),
          esc(entryModule(entry)),
          esc(pinSummary(entry.tuya) || '-'),
          `<span${entry.restorable ? '' : ' class="bad"'}${problems ? ` title="${problems}"` : ''}>${esc(verdict)}</span>`,
          copyOf ? fileLink(entries.get(copyOf) as IndexEntry) : '',
        ];
        out.push(`<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
      }
      out.push('</table>');
    }
  }
  if (index.duplicates.length) {
    out.push('<h2>Identical files (same SHA-256)</h2>', '<table>', '<tr><th>SHA-256</th><th>size</th><th>files</th></tr>');
    for (const set of index.duplicates) {
      const files = set.files.map((f) => fileLink(entries.get(f) as IndexEntry)).join('<br>');
      out.push(`<tr><td><code>${set.sha256}</code></td><td>${set.size}</td><td>${files}</td></tr>`);
    }
    out.push('</table>');
  }
  const troubled = index.files.filter((e) => e.error === undefined && e.problems.length);
  if (troubled.length) {
    out.push('<h2>Problems</h2>', '<ul>');
    for (const entry of troubled) for (const problem of entry.problems) out.push(`<li>${fileLink(entry)}: ${esc(problem)}</li>`);
    out.push('</ul>');
  }
  const unreadable = index.files.filter((e) => e.error !== undefined);
  if (unreadable.length) {
    out.push('<h2>Unreadable</h2>', '<ul>');
    for (const entry of unreadable) out.push(`<li>${fileLink(entry)}: ${esc(entry.error ?? '')}</li>`);
    out.push('</ul>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
