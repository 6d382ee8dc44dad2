import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspectImage } from '../../src/formats/inspect.js';
import type { InspectReport } from '../../src/formats/report.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

/** One entry of ../shared/corpus/more/expected.json (facts read with independent code). */
interface Expected {
  file: string;
  kind: string;
  family: string;
  bootloader?: string | null;
  encryption?: string;
  app?: { name: string | null; version: string | null; source: string };
  restorable?: boolean;
  tuya?: { found: boolean; key_block?: string };
  obk?: { found: boolean; offset?: string };
}

/**
 * Where the bytes say otherwise than the facts, the bytes win (see the closing note of issue 11).
 * PC321: the app holds "bk7231n_common_user_config_ty\0firmName\0" + "2.0.2\0firmVer" as literal strings.
 */
const CORRECTIONS: Record<string, Partial<{ appName: string }>> = {
  'BK7231N_Tuya_PC321_3PhaseMeter_TuyaMCU_2.0.2.bin': { appName: 'bk7231n_common_user_config_ty' },
};

/** The facts' kind words, as fwkit's kinds. */
function kindOf(words: string): string {
  const first = words.split(/[\s+(]/)[0];
  const map: Record<string, string> = {
    'app-raw': 'app',
    'tuya-ug': 'ug',
    'bl-boot2-image': 'bl-boot2',
    'bl-mfg-image': 'bl-mfg',
  };
  return map[first] ?? first;
}

const entries: Expected[] = hasCorpus ? (JSON.parse(readFileSync(corpusPath('more', 'expected.json'), 'utf8')) as { entries: Expected[] }).entries : [];

test('the more/ corpus is present', { skip: !hasCorpus && 'no ../shared/corpus beside the clone' }, () => {
  assert.ok(entries.length >= 20);
});

function keyName(report: InspectReport): string | null {
  const key = report.bootloader?.key as { name?: string | null; source?: string } | null | undefined;
  return key ? (key.source === 'plaintext' ? 'plaintext' : (key.name ?? 'other')) : null;
}

for (const e of entries) {
  test(`more: ${e.file}`, () => {
    const report = inspectImage(new Uint8Array(readFileSync(corpusPath('more', e.file))));
    const fix = CORRECTIONS[e.file] ?? {};
    assert.equal(report.kind, kindOf(e.kind), 'kind');
    assert.equal(report.family, e.family, 'family');
    if (e.bootloader !== undefined) assert.equal(report.bootloader?.version ?? null, e.bootloader, 'bootloader version');
    if (e.app) {
      const name = fix.appName ?? (e.app.name === null ? null : e.app.name.split(' ')[0]);
      assert.deepEqual({ name: report.app?.name ?? null, version: report.app?.version ?? null }, { name, version: e.app.version }, 'app');
    }
    if (e.restorable !== undefined) {
      assert.equal(report.verdict.restorable, e.restorable, `verdict: ${report.verdict.problems.join('; ')}`);
      if (e.restorable) assert.deepEqual(report.verdict.problems, []);
    }
    if (e.tuya) assert.equal(report.tuya.found, e.tuya.found, 'Tuya config');
    if (e.tuya?.key_block) assert.equal(report.tuya.offset, Number(e.tuya.key_block));
    if (e.obk) assert.equal(report.obk.found, e.obk.found, 'OpenBeken config');
    if (e.obk?.offset) assert.equal(report.obk.offset, Number(e.obk.offset));
    const key = keyName(report);
    if (key && e.encryption) assert.equal(key, /Tuya key/.test(e.encryption) ? 'Tuya' : 'plaintext', 'flash key');
  });
}

test('every Beken file of the more/ corpus shows its family evidence, and the decided family agrees with the strongest piece', { skip: !hasCorpus && 'no corpus' }, () => {
  for (const e of entries.filter((x) => x.family.startsWith('BK'))) {
    const report = inspectImage(new Uint8Array(readFileSync(corpusPath('more', e.file))));
    const evidence = report.familyEvidence as { family: string; evidence: Array<{ fits: string[]; weight: number; agrees: boolean }> };
    assert.ok(evidence.evidence.length >= 2, `${e.file}: ${evidence.evidence.length} pieces of evidence`);
    const strongest = [...evidence.evidence].sort((a, b) => b.weight - a.weight)[0];
    assert.ok(strongest.agrees, `${e.file}: the strongest evidence fits ${strongest.fits.join('/')}`);
    assert.ok(report.details.some((d) => d.title === 'Family evidence'), e.file);
  }
});

test('cut and flipped variants of the more/ files give a report with a reason, never an exception', { skip: !hasCorpus && 'no corpus' }, () => {
  let x = 7;
  const next = (n: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
  const files = entries.map((e) => e.file);
  for (let i = 0; i < 24; i++) {
    const source = new Uint8Array(readFileSync(corpusPath('more', files[i % files.length])));
    const data = source.slice(0, [source.length, next(source.length) + 1, 0x100 + next(0x11000)][next(3)]);
    for (let j = next(2) ? next(20) : 0; j > 0; j--) data[next(data.length)] ^= 1 << next(8);
    const report = inspectImage(data);
    assert.ok(report.verdict.restorable || report.verdict.problems.length > 0, `variant ${i} of ${files[i % files.length]}: not restorable needs a reason`);
  }
});
