import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspectImage } from '../../src/formats/inspect.js';
import { samplePath } from '../support/paths.js';

test('cut, flipped and blanked variants of every Beken sample give a report, never an exception', () => {
  const sources = ['bk7231n-dump.bin', 'bk7231t-dump.bin', 'bk7231n-qio.bin', 'bk7231n-ua.bin', 'bk7231n-app.rbl'].map(
    (f) => new Uint8Array(readFileSync(samplePath(f))),
  );
  let x = 1;
  const next = (n: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
  for (let i = 0; i < 40; i++) {
    const source = sources[i % sources.length];
    const cut = [source.length, next(source.length) + 1, 0x11000 + next(0x2000), 96 + next(200)][next(4)];
    const data = source.slice(0, cut);
    for (let j = next(3) === 0 ? next(40) : 0; j > 0; j--) data[next(data.length)] ^= 1 << next(8);
    if (next(4) === 0 && data.length > 0x2000) data.fill(0xff, next(data.length - 0x1000));
    if (next(4) === 0 && data.length > 0x60) new DataView(data.buffer).setUint32(0x54, next(0xffffffff));
    const report = inspectImage(data);
    assert.equal(typeof report.verdict.restorable, 'boolean');
    assert.ok(report.verdict.restorable || report.verdict.problems.length > 0, `variant ${i}: not restorable needs a reason`);
  }
});
