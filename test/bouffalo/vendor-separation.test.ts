import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath, repoRoot, noCorpus } from '../support/paths.js';
import { inspectBeken } from '../../src/formats/beken/inspect.js';
import { inspectBouffalo } from '../../src/formats/bouffalo/inspect.js';
import { inspectImage } from '../../src/formats/inspect.js';

type Vendor = 'beken' | 'bouffalo';

/** Every image in a folder (recursively), without the corpus's own descriptions. */
function images(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => /\.(bin|ota|rbl)$/.test(name)).map((name) => join(dir, name)).sort();
}

const files: Array<{ path: string; vendor: Vendor }> = [
  ...(noCorpus ? [] : images(corpusPath('beken')).map((path) => ({ path, vendor: 'beken' as const }))),
  ...(noCorpus ? [] : images(corpusPath('bouffalo')).map((path) => ({ path, vendor: 'bouffalo' as const }))),
  ...images(join(repoRoot, 'samples')).map((path) => ({ path, vendor: (/[/\\]bl\d/.test(path) ? 'bouffalo' : 'beken') as Vendor })),
];

test('the corpus and samples hold files of both vendors', { skip: noCorpus }, () => {
  assert.ok(files.filter((f) => f.vendor === 'beken').length >= 13);
  assert.ok(files.filter((f) => f.vendor === 'bouffalo').length >= 8);
});

for (const { path, vendor } of files) {
  test(`${vendor} file ${path.slice(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1)} is never taken for the other vendor`, () => {
    const data = new Uint8Array(readFileSync(path));
    // Each detector on its own, not only the dispatcher (which tries Bouffalo first).
    const other = vendor === 'beken' ? inspectBouffalo(data) : inspectBeken(data);
    assert.equal(other, null);
    const report = inspectImage(data);
    if (vendor === 'beken') {
      assert.equal(report.vendor, 'beken');
      assert.match(String(report.family), /^BK72/);
    } else {
      // A bare BL602 application without header (img.bin) carries no marker at all: unknown, never Beken.
      assert.notEqual(report.vendor, 'beken');
      assert.doesNotMatch(String(report.family), /^BK/);
    }
  });
}
