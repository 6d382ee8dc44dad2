import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspectImage } from '../../src/formats/inspect.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

const skip = !hasCorpus && 'no ../shared/corpus beside the clone';
const source = (): Uint8Array => new Uint8Array(readFileSync(corpusPath('beken', 'MOES_WK-US2-TC_In-Wall_Outlet.bin')));

function verdictOf(data: Uint8Array): { restorable: boolean; problems: string } {
  const v = inspectImage(data).verdict;
  return { restorable: v.restorable, problems: v.problems.join(' | ') };
}

test('a truncated dump (1.5 MiB) is not restorable and says how big a full flash is', { skip }, () => {
  const v = verdictOf(source().subarray(0, 0x180000));
  assert.equal(v.restorable, false);
  assert.match(v.problems, /file is 1\.5 MiB.*full BK7231N flash is 2 MiB/);
});

test('a dump cut inside the app names where the app partition ends', { skip }, () => {
  const v = verdictOf(source().subarray(0, 0x100000));
  assert.equal(v.restorable, false);
  assert.match(v.problems, /app partition is cut short: the file ends at 0x100000, the partition at 0x129F70/);
});

test('flipped bytes in the app give the bad block addresses', { skip }, () => {
  const data = source();
  for (const at of [0x20000, 0x40011, 0x60022]) data[at] ^= 0xff;
  const v = verdictOf(data);
  assert.equal(v.restorable, false);
  assert.match(v.problems, /app fails its CRC in 3 blocks at 0x1FFFE, 0x3FFFC, 0x6001C/);
});

test('all 0xFF and all 0x00 files are recognised as blank reads', () => {
  const ff = verdictOf(new Uint8Array(0x200000).fill(0xff));
  assert.equal(ff.restorable, false);
  assert.match(ff.problems, /erased flash/);
  const zero = verdictOf(new Uint8Array(0x200000));
  assert.equal(zero.restorable, false);
  assert.match(zero.problems, /zeros/);
});

test('a dump whose second half repeats the first (a wrapped read) is not restorable', { skip }, () => {
  const data = source();
  data.copyWithin(0x100000, 0, 0x100000);
  const v = verdictOf(data);
  assert.equal(v.restorable, false);
  assert.match(v.problems, /second half of the file repeats the first half/);
});

test('random bytes are unknown, not a Beken image', () => {
  let x = 12345;
  const data = new Uint8Array(0x40000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
  const report = inspectImage(data);
  assert.equal(report.kind, 'unknown');
  assert.equal(report.verdict.restorable, false);
});

test('a read that repeats one sector many times is flagged', { skip }, () => {
  const data = source();
  for (let o = 0x140000; o < 0x160000; o += 0x1000) data.copyWithin(o, 0x1d0000, 0x1d1000);
  const report = inspectImage(data);
  assert.match(report.verdict.warnings.join(' '), /33 sectors hold the same non-erased 4 KiB \(first at 0x140000\)/);
});
