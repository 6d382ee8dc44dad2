import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath, noCorpus } from '../support/paths.js';
import { runCli, runCliJson } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-bl-split-'));

/** The corpus dumps and merged image: each must come back byte for byte from its split files. */
const dumps = ['bl602_pinecone_factory.bin', 'bl602_openbeken_full.bin', 'bl602_sdk_build/whole_flash_data.bin'];

dumps.forEach((name, i) => {
  test(`bl split of ${name} re-assembles byte for byte with bl merge --manifest`, { skip: noCorpus }, () => {
    const out = join(dir, `split-${i}`);
    const split = runCliJson<{ files: Array<{ file: string; layout: boolean }>; size: number }>(['bl', 'split', corpusPath('bouffalo', name), '-o', out]);
    assert.equal(split.status, 0, split.stderr);
    const original = readFileSync(corpusPath('bouffalo', name));
    assert.equal(split.json.size, original.length);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Array<{ file: string; address: number; length: number }> };
    for (const file of manifest.files) {
      assert.deepEqual(readFileSync(join(out, file.file)), original.subarray(file.address, file.address + file.length), file.file);
    }
    const rebuilt = join(dir, `rebuilt-${i}.bin`);
    const merge = runCliJson<{ identical: boolean; changed: string[] }>(['bl', 'merge', '--manifest', join(out, 'manifest.json'), '-o', rebuilt]);
    assert.equal(merge.status, 0, merge.stderr);
    assert.deepEqual([merge.json.identical, merge.json.changed], [true, []]);
    assert.deepEqual(readFileSync(rebuilt), original);
  });
});

test('bl split refuses to write over an earlier split or into a file; merge --manifest names a broken manifest', { skip: noCorpus }, () => {
  const out = join(dir, 'split-0');
  const again = runCli(['bl', 'split', corpusPath('bouffalo', dumps[0]), '-o', out]);
  assert.equal(again.status, 5);
  assert.match(again.stderr, /already exists/);
  writeFileSync(join(dir, 'bad.json'), '{"format": "fwkit-bl-split", "version": 1}');
  const bad = runCli(['bl', 'merge', '--manifest', join(dir, 'bad.json'), '-o', join(dir, 'x.bin')]);
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /bad\.json: the manifest lacks its "size", "sha256" or "files"/);
  const usage = runCli(['bl', 'merge', '-o', join(dir, 'y.bin')]);
  assert.deepEqual([usage.status, usage.stderr.trim()], [2, 'fwkit: give --boot2, --table and --firmware, or --manifest']);
  const intoFile = runCli(['bl', 'split', corpusPath('bouffalo', dumps[0]), '-o', join(dir, 'bad.json')]);
  assert.equal(intoFile.status, 3);
  assert.match(intoFile.stderr, /bad\.json: is a file; -o names the directory/);
  const beken = runCli(['bl', 'split', corpusPath('bouffalo/bl602_sdk_build/img.bin'), '-o', join(dir, 'img')]);
  assert.equal(beken.status, 3);
  assert.match(beken.stderr, /img\.bin: at offset 0x0: no Bouffalo flash layout/);
});

test('bl merge --manifest re-inspects its result: an edited firmware header is refused (exit 5, nothing written), merged with --force', { skip: noCorpus }, () => {
  const out = join(dir, 'split-edited');
  assert.equal(runCli(['bl', 'split', corpusPath('bouffalo', dumps[0]), '-o', out]).status, 0);
  const fw = readFileSync(join(out, 'FW.0.bin'));
  fw[0x20] ^= 0xff; // inside the flash configuration of the firmware's boot header
  writeFileSync(join(out, 'FW.0.bin'), fw);
  const problem = 'firmware (slot 0) header at 0x10000: the flash configuration CRC does not match (stored 0x1F3E51AE)';
  const refused = runCli(['bl', 'merge', '--manifest', join(out, 'manifest.json'), '-o', join(dir, 'edited.bin')]);
  assert.equal(refused.status, 5);
  assert.ok(refused.stderr.includes(`edited.bin: ${problem}; pass --force to convert anyway`), refused.stderr);
  assert.equal(existsSync(join(dir, 'edited.bin')), false);
  const forced = runCliJson<{ forced: string[]; changed: string[]; identical: boolean }>(['bl', 'merge', '--manifest', join(out, 'manifest.json'), '-o', join(dir, 'edited.bin'), '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual([forced.json.forced, forced.json.changed, forced.json.identical], [[`${join(dir, 'edited.bin')}: ${problem}`], ['FW.0.bin'], false]);
  assert.deepEqual(readFileSync(join(dir, 'edited.bin')).subarray(0x10000, 0x10000 + fw.length), fw);
});
