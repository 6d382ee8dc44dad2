import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath } from '../support/paths.js';
import { runCli, runCliJson } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-bl-split-'));

/** The corpus dumps and merged image: each must come back byte for byte from its split files. */
const dumps = ['bl602_pinecone_factory.bin', 'bl602_openbeken_full.bin', 'bl602_sdk_build/whole_flash_data.bin'];

dumps.forEach((name, i) => {
  test(`bl split of ${name} re-assembles byte for byte with bl merge --manifest`, () => {
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

test('bl split refuses to write over an earlier split or into a file; merge --manifest names a broken manifest', () => {
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
