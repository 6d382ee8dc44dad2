/**
 * The page in real Chromium: real corpus files dropped or picked in the page give the same facts, partitions,
 * detail sections and verdict as `fwkit inspect --json` on the same files (the page computes them with the
 * browser platform: @noble, fflate; the CLI with node:crypto and node:zlib).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { cell, summaryRows } from '../../src/formats/report-text.js';
import type { InspectReport } from '../../src/formats/report.js';
import { runCliJson } from '../support/cli.js';
import { corpusPath, hasCorpus, samplePath } from '../support/paths.js';
import { browserUnavailable, launchBrowser, type Browser } from './support/browser.js';

const skip = browserUnavailable || (!hasCorpus && 'the corpus (../shared/corpus) is missing: browser inspect tests skipped');
if (skip) console.log(`# ${skip}`);

function binaries(folder: string): string[] {
  const dir = folder === 'samples' ? samplePath('') : corpusPath(folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(bin|rbl|ota)$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

interface Rendered {
  summary: Array<[string, string]>;
  partitions: string[][];
  sections: Array<{ title: string; rows: Array<[string, string]> }>;
  verdict: string | null;
  problems: string[];
  warnings: string[];
  inspectMs: number;
}

/** What the page shows, read back from its tables. */
function readReport(page: Page, file: string): Promise<Rendered> {
  return page.evaluate((name) => {
    const report = document.querySelector(`[data-file="${CSS.escape(name)}"]`)!;
    const pairs = (table: Element) => [...table.querySelectorAll('tr')].map((tr) => [tr.querySelector('th')!.textContent!, tr.querySelector('td')!.textContent!] as [string, string]);
    const inspect = report.querySelector('[data-section="inspect"]')!;
    const sections = [...inspect.querySelectorAll('table.facts')].slice(1).map((table) => ({ title: table.getAttribute('data-table')!, rows: pairs(table) }));
    const partitions = [...inspect.querySelectorAll('[data-table="partitions"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!));
    return {
      summary: pairs(inspect.querySelector('[data-table="summary"]')!),
      partitions,
      sections,
      verdict: inspect.querySelector('[data-verdict]')?.getAttribute('data-verdict') ?? null,
      problems: [...inspect.querySelectorAll('li.problem')].map((li) => li.textContent!.replace(/^problem: /, '')),
      warnings: [...inspect.querySelectorAll('li.warning')].map((li) => li.textContent!.replace(/^warning: /, '')),
      inspectMs: Number((report as HTMLElement).dataset.inspectMs),
    };
  }, file);
}

function expected(path: string): Omit<Rendered, 'inspectMs'> {
  const { json } = runCliJson<InspectReport & { file: string }>(['inspect', path]);
  const columns: string[] = [];
  for (const row of json.partitions) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return {
    summary: summaryRows(basename(path), json),
    partitions: json.partitions.map((row) => columns.map((c) => cell(row[c]))),
    sections: json.details.map((section) => ({ title: section.title, rows: section.rows })),
    verdict: json.verdict.restorable ? 'restorable' : 'not-restorable',
    problems: json.verdict.problems,
    warnings: json.verdict.warnings,
  };
}

/** Drops the file on the zone as a person would: a DataTransfer holding it, then the drop event. */
async function dropFile(page: Page, path: string): Promise<void> {
  const bytes = readFileSync(path).toString('base64');
  const transfer = await page.evaluateHandle(
    ([name, data]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name));
      return transfer;
    },
    [basename(path), bytes] as const,
  );
  await page.dispatchEvent('[data-drop="inspect"]', 'drop', { dataTransfer: transfer });
}

test('corpus files in the page: the same facts and verdict as fwkit inspect --json', { skip }, async () => {
  const files = [...binaries('beken'), ...binaries('bouffalo'), ...binaries('bouffalo/bl602_sdk_build'), ...binaries('more'), ...binaries('samples')];
  assert.ok(files.length >= 20, `only ${files.length} corpus files`);
  const browser: Browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let restorable = 0;
    for (const [i, path] of files.entries()) {
      const name = basename(path);
      if (i === 0) await dropFile(page, path);
      else await page.setInputFiles('[data-input="inspect"]', path);
      await page.waitForSelector(`[data-file="${name}"], [data-error="inspect"]`);
      const shown = await readReport(page, name);
      const { inspectMs: _, ...facts } = shown;
      assert.deepEqual(facts, expected(path), name);
      if (facts.verdict === 'restorable') restorable++;
      if (name === 'bk7231n-openbeken-dump.bin' || name === 'Kanlux_33643_S_GU10_RGBCCT_Bulb.bin') await browser.screenshot(page, `inspect-${name.replace(/\.bin$/, '')}`);
    }
    assert.ok(restorable > 0 && restorable < files.length, 'the corpus has both verdicts');
  } finally {
    await browser.close();
  }
});

test('a damaged file in the page: the CLI verdict with its problem sentences', { skip }, async () => {
  const path = samplePath('bk7231n-damaged-dump.bin');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setInputFiles('[data-input="inspect"]', path);
    await page.waitForSelector('[data-file="bk7231n-damaged-dump.bin"]');
    const shown = await readReport(page, 'bk7231n-damaged-dump.bin');
    assert.equal(shown.verdict, 'not-restorable');
    assert.ok(shown.problems.length > 0);
    assert.deepEqual(shown.problems, expected(path).problems);
    await browser.screenshot(page, 'inspect-damaged');
  } finally {
    await browser.close();
  }
});
