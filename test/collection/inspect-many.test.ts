import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectImage } from '../../src/formats/inspect.js';
import { readTuyaConfig } from '../../src/formats/tuya/config.js';
import { runCli } from '../support/cli.js';
import { corpusRoot, hasCorpus, samplePath } from '../support/paths.js';
import { jsonLines, listFiles, runSlow, troubledArchive } from './support.js';

interface Line {
  file: string;
  kind?: string;
  error?: string;
  exitCode?: number;
  sha256?: string;
  tuyaDevice?: { module: string | null; family: string | null; pins: Array<{ pin: number; role: string; channel: number | null }> } | null;
  verdict?: { restorable: boolean };
  [key: string]: unknown;
}

test('inspect --json over the whole corpus: one JSON line per file, each the single-file report', { skip: !hasCorpus && 'no ../shared/corpus beside the clone' }, () => {
  const r = runSlow(['inspect', corpusRoot, '--json', '--jobs', '2']);
  assert.equal(r.stderr, '');
  const lines = jsonLines<Line>(r.stdout);
  assert.deepEqual(lines.map((l) => l.file), listFiles(corpusRoot).map((rel) => join(corpusRoot, rel)));
  let tuyaDevices = 0;
  for (const line of lines) {
    const data = new Uint8Array(readFileSync(line.file));
    const { file, sha256, tuyaDevice, ...report } = line;
    assert.deepEqual(report, JSON.parse(JSON.stringify(inspectImage(data))), file);
    assert.equal(sha256, createHash('sha256').update(data).digest('hex'), file);
    const config = readTuyaConfig(data);
    assert.equal(tuyaDevice === null, !config.found, file);
    if (tuyaDevice) {
      tuyaDevices++;
      assert.equal(tuyaDevice.module, config.module, file);
      assert.deepEqual(tuyaDevice.pins.map((p) => [p.pin, p.role, p.channel]), config.mapping.pins.map((p) => [p.pin, p.role, p.channel]), file);
    }
  }
  assert.ok(tuyaDevices >= 10, `Tuya devices found in ${tuyaDevices} corpus files`);
  // The corpus holds files that are not restorable or not recognised (expected.json): exit 1.
  assert.equal(r.status, 1);
});

test('a line of a collection is the single-file --json document plus sha256 and tuyaDevice', () => {
  const file = samplePath('bk7231n-dump.bin');
  const single = JSON.parse(runCli(['inspect', file, '--json']).stdout) as Record<string, unknown>;
  const [line] = jsonLines<Line>(runCli(['inspect', file, samplePath('bl602-fw.ota'), '--json']).stdout);
  const { sha256, tuyaDevice, ...rest } = line;
  assert.deepEqual(rest, single);
  assert.match(String(sha256), /^[0-9a-f]{64}$/);
  assert.equal(tuyaDevice?.family ?? null, readTuyaConfig(new Uint8Array(readFileSync(file))).chip?.toUpperCase() ?? null);
});

test('unreadable and non-dump files are listed and the run goes on; exit 3', () => {
  const dir = troubledArchive();
  const r = runSlow(['inspect', dir, '--json', '--jobs', '2']);
  assert.equal(r.status, 3);
  const byName = new Map(jsonLines<Line>(r.stdout).map((l) => [l.file.slice(dir.length + 1), l]));
  assert.deepEqual([...byName.keys()], [
    'bl602-fw.ota',
    'devices/damaged.bin',
    'devices/huge.bin',
    'devices/plug/dangling.bin',
    'devices/plug/empty.bin',
    'devices/plug/notes.txt',
    'devices/plug/z-backup.bin',
    'devices/plug copy (2).bin',
  ]);
  assert.match(String(byName.get('devices/huge.bin')?.error), /huge\.bin: the file is 33 MiB, larger than any flash/);
  assert.match(String(byName.get('devices/plug/empty.bin')?.error), /empty\.bin: the file is empty/);
  assert.match(String(byName.get('devices/plug/dangling.bin')?.error), /dangling\.bin: no such file/);
  assert.equal(byName.get('devices/plug/empty.bin')?.exitCode, 3);
  assert.equal(byName.get('devices/plug/notes.txt')?.kind, 'unknown');
  assert.equal(byName.get('devices/damaged.bin')?.verdict?.restorable, false);
  assert.equal(byName.get('devices/plug/z-backup.bin')?.kind, 'full-dump');
  assert.equal(byName.get('devices/plug/z-backup.bin')?.sha256, byName.get('devices/plug copy (2).bin')?.sha256);

  const table = runSlow(['inspect', dir, '--jobs', '1']);
  assert.equal(table.status, 3);
  assert.match(table.stdout, /z-backup\.bin\s+│ full-dump\s+│ BK7231N\s+│ BK7231N_1\.0\.1/);
  assert.match(table.stdout, /notes\.txt\s+│ unknown .*│ not recognised/);
  assert.match(table.stdout, /damaged\.bin\s+│ full-dump .*│ NOT restorable \(2 problems\)/);
  assert.match(table.stdout, /empty\.bin: the file is empty/);
  assert.match(table.stdout, /^8 files: 3 restorable, 1 not restorable, 1 not recognised, 3 unreadable$/m);
  assert.equal(table.stderr, '');
});

test('--glob keeps matching files; exit 0 when every file is restorable, 1 when one is not', () => {
  const dir = troubledArchive();
  const dumps = runSlow(['inspect', dir, '--glob', 'z-*.bin', '--glob', '*.ota', '--json']);
  assert.deepEqual(jsonLines<Line>(dumps.stdout).map((l) => l.file.slice(dir.length + 1)), ['bl602-fw.ota', 'devices/plug/z-backup.bin']);
  assert.equal(dumps.status, 0);
  const folder = runSlow(['inspect', dir, '--glob', 'devices/plug/**', '--glob', 'nowhere/*.bin', '--json']);
  assert.deepEqual(jsonLines<Line>(folder.stdout).map((l) => l.file.slice(dir.length + 1)), ['devices/plug/dangling.bin', 'devices/plug/empty.bin', 'devices/plug/notes.txt', 'devices/plug/z-backup.bin']);
  const withDamage = runSlow(['inspect', join(dir, 'devices/damaged.bin'), samplePath('bk7231n-dump.bin')]);
  assert.equal(withDamage.status, 1);
  const none = runCli(['inspect', dir, '--glob', '*.uf2']);
  assert.equal(none.status, 3);
  assert.match(none.stderr, /no files found in .* matching \*\.uf2/);
});

test('--jobs must be a whole number of 1 or more', () => {
  const r = runCli(['inspect', samplePath('bk7231n-dump.bin'), samplePath('bl602-fw.ota'), '--jobs', '0']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--jobs 0: out of range; give a number of worker threads from 1 to 256/);
});
