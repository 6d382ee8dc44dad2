import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectImage } from '../../src/formats/inspect.js';
import { toQio, toRestoreImage, toUa, toUnrotated } from '../../src/formats/convert/beken-images.js';
import { readBekenSource } from '../../src/formats/convert/beken-source.js';
import { checkOutput } from '../../src/formats/convert/verify.js';
import { QIO_SIZE } from '../../src/formats/beken/flash-image.js';
import { corpusDumps, readDump } from './corpus-dumps.js';

test('the corpus has full dumps, one of them rotated', { skip: !corpusDumps.length && 'no corpus' }, () => {
  assert.ok(corpusDumps.length >= 12);
  assert.ok(corpusDumps.some((d) => d.rotated));
});

for (const dump of corpusDumps) {
  test(`dump -> UA -> QIO with its own bootloader = the first 0x129F70 bytes of the flash; restore image: ${dump.file}`, () => {
    const source = readBekenSource(readDump(dump.file));
    const flash = source.flash!;
    const ua = toUa(source);
    assert.equal(ua.bytes.length, 0x118f70);
    const uaSource = readBekenSource(ua.bytes);
    assert.equal(uaSource.report.kind, 'ua');
    assert.deepEqual(uaSource.report.verdict.problems, []);
    assert.equal(uaSource.report.app?.name, dump.app?.name);

    const qio = toQio(uaSource, source);
    assert.deepEqual(qio.problems, []);
    assert.equal(qio.bytes.length, QIO_SIZE);
    assert.ok(Buffer.from(qio.bytes).equals(Buffer.from(flash.subarray(0, QIO_SIZE))), 'QIO differs from the flash start');
    const qioCheck = checkOutput(qio.bytes, 'qio');
    assert.deepEqual(qioCheck.problems, []);
    assert.equal(qioCheck.report.family, source.report.family);

    const restore = toRestoreImage(source);
    assert.equal(restore.bytes.length, flash.length - 0x11000);
    const restoreCheck = checkOutput(restore.bytes, 'restore-image');
    assert.deepEqual(restoreCheck.problems, []);
    assert.equal(restoreCheck.report.app?.name, dump.app?.name);
    assert.equal(restoreCheck.report.tuya.found, true);
  });
}

for (const dump of corpusDumps.filter((d) => d.rotated)) {
  test(`rotated dump -> un-rotated: not rotated, restorable, same app: ${dump.file}`, () => {
    const source = readBekenSource(readDump(dump.file));
    assert.equal(source.report.rotated, true);
    const { report, problems } = checkOutput(toUnrotated(source).bytes, 'full-dump');
    assert.deepEqual(problems, []);
    assert.equal(report.rotated, false);
    assert.equal(report.verdict.restorable, true);
    assert.deepEqual({ name: report.app?.name, version: report.app?.version }, dump.app);
  });
}

test('a dump that is not rotated is refused by un-rotate; a UA has no bootloader for a QIO', { skip: !corpusDumps.length && 'no corpus' }, () => {
  const plainDump = corpusDumps.find((d) => !d.rotated)!;
  const source = readBekenSource(readDump(plainDump.file));
  assert.throws(() => toUnrotated(source), /not a rotated dump: there is nothing to un-rotate/);
  const ua = readBekenSource(toUa(source).bytes);
  assert.throws(() => toQio(ua, ua), /needs a dump or QIO that starts at flash 0/);
  assert.throws(() => toRestoreImage(ua), /needs a dump or QIO/);
  assert.equal(inspectImage(toUa(source).bytes).kind, 'ua');
});

test('a UA of a BK7231T app with a BK7231N bootloader is refused with both families named', { skip: !corpusDumps.length && 'no corpus' }, () => {
  const [n, t] = ['BK7231N', 'BK7231T'].map((family) => readBekenSource(readDump(corpusDumps.find((d) => d.family === family)!.file)));
  const tUa = readBekenSource(toUa(t).bytes);
  const mixed = toQio(tUa, n);
  assert.match(mixed.problems.join(' '), /the app is built for BK7231T but the bootloader is a BK7231N one/);
  assert.equal(checkOutput(mixed.bytes, 'qio').report.kind, 'qio');
});
