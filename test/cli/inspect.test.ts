import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotate } from '../../src/formats/beken/rotation.js';
import { encodeUg } from '../../src/formats/beken/ug.js';
import { checkExpectedFamily, inspectImage } from '../../src/formats/inspect.js';
import { runCli, runCliJson } from '../support/cli.js';
import { samplePath } from '../support/paths.js';

interface ReportJson {
  file: string;
  size: number;
  kind: string;
  family: string | null;
  bootloader: { version: string | null } | null;
  rotated: boolean;
  app: { name: string | null; version: string | null } | null;
  partitions: Array<{ name: string }>;
  tuya: { found: boolean };
  obk: { found: boolean };
  verdict: { restorable: boolean; problems: string[]; warnings: string[] };
}

const dir = mkdtempSync(join(tmpdir(), 'fwkit-inspect-'));

test('inspect --json on the N sample: exit 0 and every documented key', () => {
  const { status, json } = runCliJson<ReportJson>(['inspect', samplePath('bk7231n-dump.bin')]);
  assert.equal(status, 0);
  assert.equal(json.file, samplePath('bk7231n-dump.bin'));
  assert.equal(json.size, 0x200000);
  assert.equal(json.kind, 'full-dump');
  assert.equal(json.family, 'BK7231N');
  assert.equal(json.bootloader?.version, 'BK7231N_1.0.1');
  assert.equal(json.rotated, false);
  assert.deepEqual(json.app && [json.app.name, json.app.version], ['bk7231n_fwkit_sample_plug', '1.0.0']);
  assert.deepEqual(json.partitions.map((p) => p.name), ['bootloader', 'app', 'download']);
  assert.equal(json.tuya.found, true);
  assert.equal(json.obk.found, false);
  assert.equal(json.verdict.restorable, true);
  assert.deepEqual(json.verdict.problems, []);
  assert.ok(Array.isArray(json.verdict.warnings));
});

test('each sample is recognised by content', () => {
  const expected: Array<[string, string, string]> = [
    ['bk7231t-dump.bin', 'full-dump', 'BK7231T'],
    ['bk7231n-qio.bin', 'qio', 'BK7231N'],
    ['bk7231n-ua.bin', 'ua', 'BK7231N'],
    ['bk7231n-app.rbl', 'rbl', 'BK7231N'],
  ];
  for (const [file, kind, family] of expected) {
    const report = inspectImage(new Uint8Array(readFileSync(samplePath(file))));
    assert.deepEqual([report.kind, report.family, report.verdict.restorable], [kind, family, true], file);
  }
});

test('the damaged sample exits 1 and names the bad app blocks', () => {
  const { status, json } = runCliJson<ReportJson>(['inspect', samplePath('bk7231n-damaged-dump.bin')]);
  assert.equal(status, 1);
  assert.equal(json.verdict.restorable, false);
  assert.match(json.verdict.problems[0], /app fails its CRC in 3 blocks at 0x13200, 0x141F0, 0x15202/);
});

test('a rotated dump and a UG file made from the samples', () => {
  const r = inspectImage(rotate(new Uint8Array(readFileSync(samplePath('bk7231t-dump.bin')))));
  assert.deepEqual([r.kind, r.rotated, r.family, r.verdict.restorable], ['full-dump', true, 'BK7231T', true]);
  assert.match(r.verdict.warnings.join(' '), /rotated by 0x11000/);

  const u = inspectImage(encodeUg(new Uint8Array(readFileSync(samplePath('bk7231n-app.rbl'))), '1.0.0'));
  assert.deepEqual([u.kind, u.app?.name, u.verdict.restorable], ['ug', 'bk7231n_fwkit_sample_plug', true]);
});

test('the human report has the summary table and the verdict', () => {
  const r = runCli(['inspect', samplePath('bk7231n-dump.bin')]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /family\s+│ BK7231N/);
  assert.match(r.stdout, /Verdict: RESTORABLE/);
  assert.equal(r.stderr, '');
});

test('random bytes and a truncated dump: a verdict and exit 1, no stack trace', () => {
  const random = join(dir, 'random.bin');
  let x = 7;
  writeFileSync(random, new Uint8Array(100000).map(() => ((x = (x * 69069 + 1) >>> 0), x >>> 24)));
  const r = runCliJson<ReportJson>(['inspect', random]);
  assert.deepEqual([r.status, r.json.kind, r.json.verdict.restorable], [1, 'unknown', false]);

  const truncated = join(dir, 'truncated.bin');
  writeFileSync(truncated, readFileSync(samplePath('bk7231n-dump.bin')).subarray(0, 0x150000));
  const t = runCli(['inspect', truncated]);
  assert.equal(t.status, 1);
  assert.match(t.stdout, /problem: the file is 1\.31 MiB \(0x150000 bytes\), a full BK7231N flash is 2 MiB/);
  assert.doesNotMatch(t.stderr, /\n\s+at /);
});

test('--help lists inspect and the exit codes', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /inspect <file>/);
  assert.match(r.stdout, /Exit codes:[\s\S]*1\s+done, but the answer is negative/);
});

test('--family warns when the file is for another chip', () => {
  const { json } = runCliJson<ReportJson>(['inspect', samplePath('bk7231t-dump.bin'), '--family', 'BK7231N']);
  assert.match(json.verdict.warnings.join(' '), /is for a BK7231T, not a BK7231N/);
  const same = checkExpectedFamily(inspectImage(new Uint8Array(readFileSync(samplePath('bk7231n-ua.bin')))), 'bk7231n');
  assert.deepEqual(same.verdict.warnings, []);
});
