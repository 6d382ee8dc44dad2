import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspectImage } from '../../src/formats/inspect.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

const skip = !hasCorpus && 'no ../shared/corpus beside the clone';
const read = (...parts: string[]): Uint8Array => new Uint8Array(readFileSync(corpusPath(...parts)));
type Evidence = { family: string | null; evidence: Array<{ signal: string; value: string; fits: string[]; weight: number }> };

test('a BL602 dump whose partition tables were erased is still a dump, and not restorable', { skip }, () => {
  const dump = read('bouffalo', 'bl602_openbeken_full.bin');
  assert.equal(inspectImage(dump).verdict.restorable, true);
  dump.fill(0xff, 0xe000, 0x10000);
  const report = inspectImage(dump);
  assert.deepEqual([report.kind, report.family, report.verdict.restorable], ['full-dump', 'BL602', false]);
  assert.match(report.verdict.problems.join(), /no valid partition table/);
});

test('Bouffalo header-led files carry their family evidence: BL602 crystal, BL702 header words and boot2 bit, BL616 header', { skip }, () => {
  const signals = (file: string): Evidence => inspectImage(read('more', file)).familyEvidence as Evidence;
  const boot2 = signals('bl602_boot2_release_v8.1.3.bin');
  assert.equal(boot2.family, 'BL602');
  assert.ok(boot2.evidence.some((e) => e.signal === 'clock configuration' && e.value === 'crystal 40 MHz' && e.fits.join() === 'BL602'));
  const bl702 = signals('bl702_mfg_stdfw.bin');
  assert.deepEqual(bl702.evidence.filter((e) => e.fits.join() === 'BL702').map((e) => e.signal).sort(), ['boot configuration bit 19', 'code string', 'header words 164/168']);
  const bl616 = signals('bl616_mfg_gu_v2.50.bin');
  assert.equal(bl616.family, 'BL616');
  assert.ok(bl616.evidence.some((e) => e.signal === 'boot header layout' && e.weight === 8));
});

test('a Bouffalo image whose header and code name different chips says so', { skip }, () => {
  const image = read('more', 'bl702_mfg_stdfw.bin');
  const text = new TextDecoder('latin1').decode(image);
  for (let at = text.indexOf('bl702'); at >= 0; at = text.indexOf('bl702', at + 1)) image.set([0x62, 0x6c, 0x36, 0x30, 0x32], at); // "bl602"
  const report = inspectImage(image);
  assert.equal(report.family, 'BL702', 'the header words and boot2 bit outweigh the strings');
  assert.match(report.verdict.warnings.join(), /code string \(bl602\) points to BL602, but the header words 164\/168 says BL702/);
});
