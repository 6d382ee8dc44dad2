import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { IndexEntry } from '../../src/commands/collection/index-model.js';
import { runCli } from '../support/cli.js';
import { corpusRoot, hasCorpus } from '../support/paths.js';
import { jsonLines, listFiles, runSlow, troubledArchive } from './support.js';

type Entry = IndexEntry;
interface IndexJson {
  fwkitIndex: number;
  generatedAt?: string;
  summary: Record<string, number>;
  groups: Array<{ family: string | null; bootloader: string | null; files: string[] }>;
  duplicates: Array<{ sha256: string; size: number; files: string[] }>;
  files: Entry[];
}
interface Line {
  file: string;
  size: number;
  vendor: string;
  kind: string;
  family: string | null;
  bootloader: { version: string | null } | null;
  app: { name: string | null; version: string | null } | null;
  verdict: { restorable: boolean; problems: string[]; warnings: string[] };
  obk: { found: boolean };
  sha256: string;
  tuyaDevice: Entry['tuya'];
}

const out = mkdtempSync(join(tmpdir(), 'fwkit-index-'));
const noCorpus = !hasCorpus && 'no ../shared/corpus beside the clone';

test('the index of the corpus states for every file what inspect --json says of it', { skip: noCorpus }, () => {
  const target = join(out, 'corpus.json');
  const made = runSlow(['index', corpusRoot, '-o', target, '--jobs', '2']);
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /corpus\.json: \d+ files: \d+ restorable/);
  const index = JSON.parse(readFileSync(target, 'utf8')) as IndexJson;
  const lines = jsonLines<Line>(runSlow(['inspect', corpusRoot, '--json', '--jobs', '1']).stdout);
  assert.deepEqual(index.files.map((e) => e.path), listFiles(corpusRoot));
  assert.equal(lines.length, index.files.length);
  for (const [i, line] of lines.entries()) {
    const entry = index.files[i];
    assert.equal(join(corpusRoot, entry.path), line.file);
    assert.equal(join(out, entry.link), line.file, 'the link leads from the index file to the file');
    assert.deepEqual(
      [entry.size, entry.sha256, entry.vendor, entry.kind, entry.family, entry.bootloader, entry.app, entry.restorable, entry.problems, entry.warnings, entry.tuya, entry.openBeken],
      [line.size, line.sha256, line.vendor, line.kind, line.family, line.bootloader?.version ?? null, line.app && { name: line.app.name, version: line.app.version }, line.verdict.restorable, line.verdict.problems, line.verdict.warnings, line.tuyaDevice, line.obk.found],
      entry.path,
    );
  }
  // Each file sits in the group of its family and bootloader, once.
  const grouped = index.groups.flatMap((g) => g.files.map((f) => [f, g.family, g.bootloader]));
  assert.deepEqual(
    grouped.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    index.files.map((e) => [e.path, e.family, e.bootloader]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
  assert.equal(index.summary.files, lines.length);
  assert.equal(index.summary.restorable, lines.filter((l) => l.kind !== 'unknown' && l.verdict.restorable).length);
  assert.equal(index.generatedAt, undefined);
});

test('the same folder gives the same bytes: --jobs 1 and 2, two runs, each format', { skip: noCorpus }, () => {
  for (const ext of ['md', 'html']) {
    const one = join(out, `one.${ext}`);
    const two = join(out, `two.${ext}`);
    assert.equal(runSlow(['index', corpusRoot, '-o', one, '--jobs', '1']).status, 0);
    assert.equal(runSlow(['index', corpusRoot, '-o', two, '--jobs', '2']).status, 0);
    assert.equal(readFileSync(one, 'utf8'), readFileSync(two, 'utf8'), ext);
  }
  const md = readFileSync(join(out, 'one.md'), 'utf8');
  assert.match(md, /^## BK7231N$/m);
  assert.match(md, /^### bootloader BK7231N_1\.0\.1$/m);
  assert.match(md, /\| CB2S \| P6 BL0937CF1, P7 BL0937CF, P8 WifiLED_n, P10 Btn 1, P24 BL0937SEL, P26 Rel 1 \|/);
  assert.doesNotMatch(md, /\d{4}-\d\d-\d\dT\d\d:/, 'no timestamp unless asked');
  const html = readFileSync(join(out, 'one.html'), 'utf8');
  assert.match(html, /<h3 id="BK7231T--BK7231S_1\.0\.5">bootloader BK7231S_1\.0\.5<\/h3>/);
  const moes = relative(out, join(corpusRoot, 'beken/MOES_WK-US2-TC_In-Wall_Outlet.bin'));
  assert.ok(html.includes(`<a href="${moes}">beken/MOES_WK-US2-TC_In-Wall_Outlet.bin</a>`), 'a link relative to the index file');
});

test('an archive with copies, damage and unreadable files: all listed, identical ones found by content', () => {
  const dir = troubledArchive();
  const target = join(dir, 'index.md');
  const made = runSlow(['index', dir, '-o', target, '--jobs', '2']);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(made.stdout, `${target}: 8 files: 3 restorable, 1 not restorable, 1 not recognised, 3 unreadable; 1 set of identical files (1 extra copy).\n`);
  const md = readFileSync(target, 'utf8');
  assert.match(md, /\| \[devices\/plug copy \(2\)\.bin\]\(devices\/plug%20copy%20%282%29\.bin\) \| full-dump \|.*\| restorable \(1 warning\) \| \[devices\/plug\/z-backup\.bin\]\(devices\/plug\/z-backup\.bin\) \|/);
  assert.match(md, /^- \[devices\/plug\/dangling\.bin\]\(devices\/plug\/dangling\.bin\): .*dangling\.bin: no such file$/m);
  assert.match(md, /^- \[devices\/damaged\.bin\]\(devices\/damaged\.bin\): the app fails its CRC in 3 blocks/m);
  assert.doesNotMatch(md, /hidden\.bin|index\.md\]/, 'dot-folders and the index itself are not indexed');

  // Running again over the folder that now holds the index: refused without --overwrite, then the same bytes.
  const again = runCli(['index', dir, '-o', target]);
  assert.equal(again.status, 5);
  assert.match(again.stderr, /index\.md: already exists; .*--overwrite/);
  assert.equal(runSlow(['index', dir, '-o', target, '--overwrite', '--jobs', '1']).status, 0);
  assert.equal(readFileSync(target, 'utf8'), md);

  const json = join(out, 'archive.json');
  assert.equal(runSlow(['index', dir, '-o', json, '--timestamp', '--json']).status, 0);
  const index = JSON.parse(readFileSync(json, 'utf8')) as IndexJson;
  assert.match(String(index.generatedAt), /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(index.duplicates.map((d) => d.files), [['devices/plug/z-backup.bin', 'devices/plug copy (2).bin']]);
  assert.equal(index.files.find((e) => e.path === 'devices/plug/empty.bin')?.error?.includes('the file is empty'), true);
  assert.equal(index.files.find((e) => e.path === 'bl602-fw.ota')?.link, relative(out, join(dir, 'bl602-fw.ota')));
});

test('index: usage and input errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-index-bad-'));
  const wrongExt = runCli(['index', dir, '-o', join(out, 'index.txt')]);
  assert.equal(wrongExt.status, 2);
  assert.match(wrongExt.stderr, /index\.txt: the index is written as \.html, \.md or \.json/);
  const empty = runCli(['index', dir, '-o', join(out, 'empty.html')]);
  assert.equal(empty.status, 3);
  assert.match(empty.stderr, /no files found in/);
  assert.equal(existsSync(join(out, 'empty.html')), false);
  writeFileSync(join(dir, 'a.bin'), 'x');
  const notFolder = runCli(['index', join(dir, 'a.bin'), '-o', join(out, 'x.html')]);
  assert.equal(notFolder.status, 3);
  assert.match(notFolder.stderr, /a\.bin: is a file, not a folder/);
});
