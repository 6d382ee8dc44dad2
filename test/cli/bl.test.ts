import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath, noCorpus } from '../support/paths.js';
import { runCli, runCliJson } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-bl-'));
const sdk = (name: string) => corpusPath('bouffalo/bl602_sdk_build', name);
const out = (name: string) => join(dir, name);

test('bl extract + bl ota rebuild the SDK OTA file byte for byte', { skip: noCorpus }, () => {
  const extracted = runCliJson<{ offset: number; size: number }>(['bl', 'extract', sdk('whole_flash_data.bin'), 'firmware', '-o', out('fw.bin')]);
  assert.equal(extracted.status, 0, extracted.stderr);
  assert.deepEqual([extracted.json.offset, extracted.json.size], [0x10000, 0x1000 + 588560]);
  const ota = runCli(['bl', 'ota', out('fw.bin'), '-o', out('fw.ota'), '--sw-version', 'EVENT_V1.1.1']);
  assert.equal(ota.status, 0, ota.stderr);
  assert.deepEqual(readFileSync(out('fw.ota')), readFileSync(sdk('FW_OTA.bin.ota')));
});

test('bl wrap turns the SDK application back into the SDK firmware image', { skip: noCorpus }, () => {
  const r = runCli(['bl', 'wrap', sdk('img.bin'), '--template', sdk('bootinfo.bin'), '-o', out('wrapped.bin')]);
  assert.equal(r.status, 0, r.stderr);
  const merged = readFileSync(sdk('whole_flash_data.bin'));
  assert.deepEqual(readFileSync(out('wrapped.bin')), merged.subarray(0x10000, 0x11000 + 588560));
});

test('bl extract app takes the application out of a RAW OTA file', { skip: noCorpus }, () => {
  const r = runCli(['bl', 'extract', sdk('FW_OTA.bin.ota'), 'app', '-o', out('app.bin')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(out('app.bin')), readFileSync(sdk('img.bin')));
});

test('bl refuses to overwrite, names a missing partition, and rejects a template that is no header', { skip: noCorpus }, () => {
  writeFileSync(out('taken.bin'), 'x');
  const taken = runCli(['bl', 'extract', sdk('whole_flash_data.bin'), 'table', '-o', out('taken.bin')]);
  assert.equal(taken.status, 5);
  assert.match(taken.stderr, /already exists/);
  const missing = runCli(['bl', 'extract', sdk('whole_flash_data.bin'), 'nvram', '-o', out('n.bin')]);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /no "nvram" entry \(it lists FW, mfg, media, PSM, KEY, DATA, factory\)/);
  const template = runCli(['bl', 'wrap', sdk('img.bin'), '--template', sdk('img.bin'), '-o', out('t.bin')]);
  assert.equal(template.status, 3);
  assert.match(template.stderr, /img\.bin: at offset 0x0: expected the boot header magic "BFNP"/);
  assert.equal(template.stderr.trim().split('\n').length, 1);
});

test('inspect --json reports a Bouffalo dump with its verdict and exit code', { skip: noCorpus }, () => {
  const r = runCliJson<{ kind: string; family: string; verdict: { restorable: boolean } }>(['inspect', sdk('whole_flash_data.bin')]);
  assert.equal(r.status, 0);
  assert.deepEqual([r.json.kind, r.json.family, r.json.verdict.restorable], ['merged-image', 'BL602', true]);
});

test('bl merge rebuilds the SDK merged image and names a bad input file', { skip: noCorpus }, () => {
  const merged = readFileSync(sdk('whole_flash_data.bin'));
  writeFileSync(out('boot2.bin'), merged.subarray(0, 0x2000 + 39312));
  writeFileSync(out('firmware.bin'), merged.subarray(0x10000, 0x11000 + 588560));
  writeFileSync(out('ro_params.dtb'), merged.subarray(0x1f8000, 0x1f8000 + 5671));
  const args = ['bl', 'merge', '--boot2', out('boot2.bin'), '--table', sdk('partition.bin'), '--firmware', out('firmware.bin')];
  const r = runCli([...args, '--part', `factory=${out('ro_params.dtb')}`, '-o', out('merged.bin')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(out('merged.bin')), merged);
  const bad = runCli(['bl', 'merge', '--boot2', out('boot2.bin'), '--table', out('boot2.bin'), '--firmware', out('firmware.bin'), '-o', out('m2.bin')]);
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /boot2\.bin: no partition table was found in it/);
});
