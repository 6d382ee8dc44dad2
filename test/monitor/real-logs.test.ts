import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli, runCliJson } from '../support/cli.js';
import { corpusRoot } from '../support/paths.js';

/** Real logs captured by users, beside the corpus, with an expert's label (../shared/logs/expected.json). */
const logsRoot = resolve(corpusRoot, '../logs');
interface Entry { file: string; label: string; evidence: string[] }
const entries: Entry[] = existsSync(join(logsRoot, 'expected.json'))
  ? (JSON.parse(readFileSync(join(logsRoot, 'expected.json'), 'utf8')) as { entries: Entry[] }).entries
  : [];

describe('fwkit log over the real logs', { skip: entries.length ? false : 'no ../shared/logs' }, () => {
  for (const entry of entries) {
    it(`${entry.file} is ${entry.label}`, () => {
      const { status, json } = runCliJson<{ diagnosis: { label: string; verdict: string; readability: { score: number }; findings: Array<{ code: string; evidence: Array<{ text: string }> }> } }>(['log', join(logsRoot, entry.file)]);
      assert.equal(json.diagnosis.label, entry.label);
      assert.equal(status, json.diagnosis.verdict === 'fault' ? 1 : 0);
      assert.equal(json.diagnosis.readability.score >= 0.9, true, 'a real log is readable text');
      assert.ok(!json.diagnosis.findings.some((f) => ['garbage', 'wrong-baud', 'wrong-uart', 'silent'].includes(f.code)));
    });
  }

  it('the BL602 crash quotes the faulting addresses and the exception lines with their capture times', () => {
    const { json } = runCliJson<{ diagnosis: { findings: Array<{ code: string; summary: string; evidence: Array<{ line: number; atMs?: number; text: string }> }> } }>([
      'log', join(logsRoot, 'obk_bl602_crash_load_access_fault_issue238.txt'),
    ]);
    const [crash] = json.diagnosis.findings;
    assert.equal(crash!.code, 'crash');
    assert.match(crash!.summary, /RISC-V Load access fault at mepc 0x23081adc, faulting address \(mtval\) 0xc202965c/);
    assert.deepEqual(crash!.evidence.map((e) => [e.line, e.atMs, e.text]), [
      [8, 51, 'Exception Entry--->>>'],
      [9, 55, 'mcause 38000005, mepc 23081adc, mtval c202965c'],
      [11, 57, 'msg: Load access fault'],
    ]);
  });

  it('names the Tuya firmware, its SDK and whether it is paired', () => {
    const paired = runCliJson<{ diagnosis: { firmware: Record<string, unknown> } }>(['log', join(logsRoot, 'bk7231n_tuyaos_ec79901_paired_boot.txt')]);
    assert.deepEqual(paired.json.diagnosis.firmware, { family: 'tuya', sdk: 'TuyaOS 3.3.40', name: 'oem_bk7231n_strip_ty', version: '2.0.25', paired: true });
    const reset = runCli(['log', join(logsRoot, 'bk7231n_tuyaos_lamp24w_factory_reset_boot.txt')]);
    assert.equal(reset.status, 0);
    assert.match(reset.stdout, /Tuya oem_bk7231n_light_ty 1\.6\.0 \(TuyaOS 3\.3\.44\), not paired/);
    assert.match(reset.stdout, /note \(wifi-reset\).*\n  seen in:\n    line 104: .*reset wifi link params to factory state/);
  });

  it('reads stdin with -', () => {
    const text = readFileSync(join(logsRoot, 'obk_bl602_crash_load_access_fault_issue238.txt'), 'utf8');
    const result = runCli(['log', '-', '--json'], { input: text });
    assert.equal(result.status, 1);
    assert.equal(JSON.parse(result.stdout).diagnosis.label, 'crash');
  });
});

describe('fwkit log refusals', () => {
  it('an empty stdin or a missing file is one sentence and exit 3', () => {
    const empty = runCli(['log', '-'], { input: '' });
    assert.equal(empty.status, 3);
    assert.match(empty.stderr, /stdin: nothing was read/);
    const missing = runCli(['log', 'no-such-log.txt']);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /no-such-log\.txt: no such file/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
  });
});
