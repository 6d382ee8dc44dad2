/**
 * The log console in real Chromium: each shared real boot log opened in the page gives the diagnosis of
 * `fwkit log --json` on the same file (its summary rows and its findings, in order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnosis } from '../../src/formats/bootlog/analyzer.js';
import { diagnosisRows } from '../../src/formats/bootlog/summary.js';
import { runCliJson } from '../support/cli.js';
import { corpusRoot } from '../support/paths.js';
import { browserUnavailable, launchBrowser } from './support/browser.js';

const logsDir = resolve(corpusRoot, '../logs');
const skip = browserUnavailable || (!existsSync(logsDir) && 'the shared logs (../shared/logs) are missing: browser log test skipped');

test('real boot logs in the page: the same diagnosis as fwkit log --json', { skip }, async () => {
  const files = readdirSync(logsDir).filter((name) => name.endsWith('.txt')).sort();
  assert.ok(files.length >= 3, `only ${files.length} logs`);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let faults = 0;
    for (const name of files) {
      const path = join(logsDir, name);
      await page.setInputFiles('[data-input="log"]', path);
      await page.waitForFunction((file) => document.querySelector('#log .status')?.textContent?.startsWith(file), name);
      const shown = await page.evaluate(() => ({
        rows: [...document.querySelectorAll('[data-area="diagnosis"] [data-table="diagnosis"] tr')].map((tr) => [tr.querySelector('th')!.textContent!, tr.querySelector('td')!.textContent!]),
        findings: [...document.querySelectorAll('[data-area="diagnosis"] [data-finding]')].map((f) => f.getAttribute('data-finding')!),
      }));
      const { json } = runCliJson<{ diagnosis: Diagnosis }>(['log', path]);
      assert.deepEqual(shown, { rows: diagnosisRows(json.diagnosis), findings: json.diagnosis.findings.map((f) => f.code) }, name);
      if (json.diagnosis.verdict === 'fault' && faults++ === 0) await browser.screenshot(page, 'log-fault');
    }
    assert.ok(faults > 0, 'at least one real log shows a fault');
  } finally {
    await browser.close();
  }
});
