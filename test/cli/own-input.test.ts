import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { corpusPath, corpusRoot, noCorpus, samplePath } from '../support/paths.js';
import { writableCopy } from '../support/files.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-own-input-'));

const copy = (source: string, file: string) => writableCopy(dir, source, file);

function lastLine(stderr: string): string {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return stderr.trim().split('\n').pop()!;
}

// every command that writes a file, pointed at its own input with --overwrite: exit 2, the input unchanged
const rows: Array<{ name: string; input: string; args: (input: string) => string[] }> = [
  { name: 'convert ua -o <input>', input: samplePath('bk7231n-qio.bin'), args: (input) => ['convert', 'ua', input, '-o', input, '--overwrite'] },
  { name: 'convert restore -o <input>', input: samplePath('bk7231n-dump.bin'), args: (input) => ['convert', 'restore', input, '-o', input, '--overwrite'] },
  { name: 'convert decrypt --trailer-out <input>', input: samplePath('bk7231n-dump.bin'), args: (input) => ['convert', 'decrypt', input, '-o', join(dir, 'plain.bin'), '--trailer-out', input, '--overwrite'] },
  { name: 'tuya --template <input>', input: corpusPath('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin'), args: (input) => ['tuya', input, '--template', input, '--overwrite'] },
  { name: 'bl extract -o <input>', input: samplePath('bl602-dump.bin'), args: (input) => ['bl', 'extract', input, 'firmware', '-o', input, '--overwrite'] },
  { name: 'redact -o <input>', input: samplePath('bk7231n-dump.bin'), args: (input) => ['redact', input, '-o', input, '--overwrite'] },
];

for (const [i, row] of rows.entries()) {
  test(`no command writes over its own input: ${row.name}`, { skip: row.input.startsWith(corpusRoot) && noCorpus }, () => {
    const input = copy(row.input, `input-${i}.bin`);
    const before = readFileSync(input);
    const r = runCli(row.args(input));
    assert.equal(r.status, 2, r.stderr);
    assert.match(lastLine(r.stderr), /is the input file .*never writes over its own input, even with --overwrite/);
    assert.ok(readFileSync(input).equals(before), 'the input is unchanged');
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  });
}

test('a symbolic or hard link to the input is the input', () => {
  const input = copy(samplePath('bk7231n-qio.bin'), 'linked.bin');
  const before = readFileSync(input);
  const soft = join(dir, 'soft.bin');
  const hard = join(dir, 'hard.bin');
  symlinkSync(input, soft);
  linkSync(input, hard);
  for (const output of [soft, hard]) {
    const r = runCli(['convert', 'ua', input, '-o', output, '--overwrite']);
    assert.equal(r.status, 2, r.stderr);
  }
  assert.ok(readFileSync(input).equals(before));
  assert.ok(statSync(soft, { throwIfNoEntry: false }) && readFileSync(soft).equals(before), 'the link still points at the input');
});

test('an output that is a device node, a FIFO or a directory is refused, with --overwrite too', () => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  for (const output of ['/dev/null', fifo, folder]) {
    const r = runCli(['convert', 'ua', samplePath('bk7231n-qio.bin'), '-o', output, '--overwrite']);
    assert.equal(r.status, 2, `${output}: ${r.stderr}`);
    assert.match(lastLine(r.stderr), /is not a regular file|is a directory/);
  }
  assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still a device node');
  assert.ok(statSync(fifo).isFIFO());
  // flash read says so before it opens any port
  const read = runCli(['flash', 'read', '/dev/null', '--overwrite', '--port', '/dev/fwkit-missing']);
  assert.equal(read.status, 2, read.stderr);
  assert.match(lastLine(read.stderr), /\/dev\/null: is not a regular file/);
});

test('an existing output is kept without --overwrite, replaced whole with it', () => {
  const output = join(dir, 'existing.bin');
  writeFileSync(output, 'keep me');
  const kept = runCli(['convert', 'ua', samplePath('bk7231n-qio.bin'), '-o', output]);
  assert.equal(kept.status, 5);
  assert.equal(readFileSync(output, 'utf8'), 'keep me');
  const replaced = runCli(['convert', 'ua', samplePath('bk7231n-qio.bin'), '-o', output, '--overwrite']);
  assert.equal(replaced.status, 0, replaced.stderr);
  assert.ok(readFileSync(output).equals(readFileSync(samplePath('bk7231n-ua.bin'))));
});
