import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath, noCorpus } from '../support/paths.js';
import { runCli, runCliJson } from '../support/cli.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { sdkTableToml } from '../support/bl-table.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-blc-'));
const sdk = (name: string) => corpusPath('bouffalo/bl602_sdk_build', name);
const out = (name: string) => join(dir, name);
const merged = noCorpus ? Buffer.alloc(0) : readFileSync(sdk('whole_flash_data.bin'));

test('bl extract inflates the XZ OTA of the SDK build to the firmware its RAW OTA carries', { skip: noCorpus }, () => {
  const r = runCliJson<{ inflated: boolean; size: number }>(['bl', 'extract', sdk('FW_OTA.bin.xz.ota'), 'firmware', '-o', out('fw.bin')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([r.json.inflated, r.json.size], [true, 0x1000 + 588560]);
  assert.deepEqual(readFileSync(out('fw.bin')), readFileSync(sdk('FW_OTA.bin.ota')).subarray(512));
  const app = runCli(['bl', 'extract', sdk('FW_OTA.bin.xz.ota'), 'app', '-o', out('app.bin')]);
  assert.equal(app.status, 0, app.stderr);
  assert.deepEqual(readFileSync(out('app.bin')), readFileSync(sdk('img.bin')));
});

test('a damaged XZ OTA is refused by its SHA-256, and a damaged XZ stream by the decoder', { skip: noCorpus }, () => {
  const ota = readFileSync(sdk('FW_OTA.bin.xz.ota'));
  const flipped = Buffer.from(ota);
  flipped[5000] ^= 1;
  writeFileSync(out('bad.xz.ota'), flipped);
  const r = runCli(['bl', 'extract', out('bad.xz.ota'), 'firmware', '-o', out('bad-fw.bin')]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /bad\.xz\.ota: at offset 0x40: the OTA payload does not match the SHA-256 in its header/);
});

test('whole_flash_data.bin is re-assembled from its parts with the table given as TOML, byte for byte', { skip: noCorpus }, () => {
  writeFileSync(out('boot2.bin'), merged.subarray(0, 0x2000 + 39312));
  writeFileSync(out('firmware.bin'), merged.subarray(0x10000, 0x11000 + 588560));
  writeFileSync(out('ro_params.dtb'), merged.subarray(0x1f8000, 0x1f8000 + 5671));
  writeFileSync(out('partition.toml'), sdkTableToml);
  const r = runCli(['bl', 'merge', '--boot2', out('boot2.bin'), '--table', out('partition.toml'), '--firmware', out('firmware.bin'), '--part', `factory=${out('ro_params.dtb')}`, '-o', out('merged.bin')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(out('merged.bin')), merged);
  const args = ['bl', 'merge', '--boot2', out('boot2.bin'), '--table', sdk('whole_flash_data.bin'), '--firmware', out('firmware.bin'), '--size', '0x200000'];
  const noFactory = runCli([...args, '-o', out('full.bin')]);
  assert.equal(noFactory.status, 5);
  assert.match(noFactory.stderr, /full\.bin: the factory partition at 0x1F8000 holds no device tree .*; pass --force to convert anyway/);
  const fromDump = runCli([...args, '--part', `factory=${out('ro_params.dtb')}`, '-o', out('full.bin')]);
  assert.equal(fromDump.status, 0, fromDump.stderr);
  const full = inspectImage(new Uint8Array(readFileSync(out('full.bin'))));
  assert.deepEqual([full.kind, full.verdict.restorable], ['full-dump', true]);
});

test('a TOML table with a syntax error or a missing field gets one sentence naming the file', { skip: noCorpus }, () => {
  writeFileSync(out('broken.toml'), '[[pt_entry]]\nname = "FW"\ntype = 0\nsize0 = 0x1000\n');
  const r = runCli(['bl', 'merge', '--boot2', out('boot2.bin'), '--table', out('broken.toml'), '--firmware', out('firmware.bin'), '-o', out('m.bin')]);
  assert.equal(r.status, 3);
  assert.equal(r.stderr.trim(), `fwkit: ${out('broken.toml')}: pt_entry "FW" has no address0`);
  writeFileSync(out('syntax.toml'), '[[pt_entry]\n');
  const s = runCli(['bl', 'merge', '--boot2', out('boot2.bin'), '--table', out('syntax.toml'), '--firmware', out('firmware.bin'), '-o', out('m.bin')]);
  assert.equal(s.status, 3);
  assert.match(s.stderr, /syntax\.toml: not valid TOML at line 1/);
});

test('a wrapped firmware verifies: header CRCs and image SHA-256 as inspect checks them', { skip: noCorpus }, () => {
  const r = runCli(['bl', 'wrap', sdk('img.bin'), '--template', sdk('bootinfo.bin'), '-o', out('wrapped.bin')]);
  assert.equal(r.status, 0, r.stderr);
  const report = inspectImage(new Uint8Array(readFileSync(out('wrapped.bin'))));
  assert.equal(report.kind, 'bl-firmware');
  assert.deepEqual(report.verdict.problems, []);
  const app = report.app as unknown as { headerCrc: string; flashConfigCrc: string; clockConfigCrc: string; hash: string };
  assert.deepEqual([app.headerCrc, app.flashConfigCrc, app.clockConfigCrc, app.hash], ['ok', 'ok', 'ok', 'ok']);
});
