import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspectImage } from '../../src/formats/inspect.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

interface Expected {
  file: string;
  kind: string;
  family: string;
  bootloader?: string;
  rotated?: boolean;
  app?: { name: string; version: string };
  restorable: boolean;
  tuya: { found: boolean };
  obk: { found: boolean };
  flash_offset?: number;
}

const entries: Expected[] = hasCorpus ? (JSON.parse(readFileSync(corpusPath('beken', 'expected.json'), 'utf8')) as { entries: Expected[] }).entries : [];

test('the Beken corpus is present', { skip: !hasCorpus && 'no ../shared/corpus beside the clone' }, () => {
  assert.ok(entries.length >= 13);
});

for (const e of entries) {
  test(`corpus: ${e.file}`, () => {
    const report = inspectImage(new Uint8Array(readFileSync(corpusPath('beken', e.file))));
    assert.equal(report.kind, e.kind);
    assert.equal(report.family, e.family);
    assert.equal(report.bootloader?.version ?? null, e.bootloader ?? null);
    assert.equal(report.rotated, e.rotated ?? false);
    if (e.app) assert.deepEqual({ name: report.app?.name, version: report.app?.version }, e.app);
    assert.equal(report.verdict.restorable, e.restorable, `verdict: ${report.verdict.problems.join('; ')}`);
    assert.equal(report.tuya.found, e.tuya.found);
    assert.equal(report.obk.found, e.obk.found);
    if (e.flash_offset !== undefined) assert.equal(report.flashOffset, e.flash_offset);
    if (e.restorable) assert.deepEqual(report.verdict.problems, []);
  });
}
