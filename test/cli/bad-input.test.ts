import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-bad-'));

function assertOneSentence(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(stderr.trim().split('\n').length, 1, `one line on stderr, got: ${stderr}`);
}

test('a missing file exits 3 with one sentence', () => {
  const r = runCli(['inspect', join(dir, 'nope.bin')]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /nope\.bin: no such file/);
  assertOneSentence(r.stderr);
});

test('a folder with no file in it exits 3', () => {
  const r = runCli(['inspect', mkdtempSync(join(dir, 'folder-'))]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /no files found in .*folder-/);
  assertOneSentence(r.stderr);
});

test('an empty file exits 3', () => {
  const path = join(dir, 'empty.bin');
  writeFileSync(path, new Uint8Array(0));
  const r = runCli(['inspect', path]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /empty/);
});

test('a 64 MiB file is refused without reading it as a dump', () => {
  const path = join(dir, 'huge.bin');
  writeFileSync(path, new Uint8Array(64 * 1024 * 1024));
  const r = runCli(['inspect', path]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /64 MiB, larger than any flash/);
  assertOneSentence(r.stderr);
});

test('an unknown command is a usage error (exit 2)', () => {
  const r = runCli(['frobnicate']);
  assert.equal(r.status, 2);
});
