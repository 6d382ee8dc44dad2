import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { splitFlashImage } from '../../src/formats/bouffalo/split.js';
import { assembleFromManifest, ManifestError, parseSplitManifest } from '../../src/formats/bouffalo/reassemble.js';

const merged = readCorpus('bouffalo/bl602_sdk_build/whole_flash_data.bin');

test('split names every partition slot, boot2 and the firmware header and image with their flash addresses', { skip: noCorpus }, () => {
  const { manifest, contents } = splitFlashImage(merged);
  const row = (name: string) => manifest.files.find((f) => f.file === name)!;
  assert.deepEqual(
    manifest.files.filter((f) => f.layout).map((f) => [f.file, f.address]),
    [
      ['boot2.bin', 0],
      ['partition-table.0.bin', 0xe000],
      ['partition-table.1.bin', 0xf000],
      ['FW.0.bin', 0x10000],
      ['FW.1.bin', 0xd8000],
      ['mfg.bin', 0x160000],
      ['media.bin', 0x192000],
      ['PSM.bin', 0x1e9000],
      ['KEY.bin', 0x1f1000],
      ['DATA.bin', 0x1f3000],
      ['factory.bin', 0x1f8000],
    ],
  );
  // The merged image ends inside the factory partition, after its device tree.
  assert.equal(row('factory.bin').length, 5671);
  assert.deepEqual([row('boot2.image.bin').address, row('boot2.image.bin').length, row('boot2.image.bin').header], [0x2000, 39312, 'boot2.header.bin']);
  assert.deepEqual([row('FW.0.image.bin').address, row('FW.0.image.bin').length, row('FW.0.image.bin').header], [0x11000, 588560, 'FW.0.header.bin']);
  assert.equal(row('FW.0.header.bin').length, 176);
  assert.deepEqual(contents.get('FW.0.image.bin'), merged.subarray(0x11000, 0x11000 + 588560));
  assert.equal(manifest.files.find((f) => f.role === 'partition' && f.partition === 'FW' && f.slot === 1)?.file, 'FW.1.bin');
  assert.equal(manifest.size, merged.length);
});

test('non-erased bytes outside every partition go into gap files and come back on re-assembly', { skip: noCorpus }, () => {
  const data = merged.slice();
  data.set([0x12, 0x34], 0xe400); // after the first table copy, inside its sector
  data[0xc000] = 0x00; // between boot2 and the tables
  const { manifest, contents } = splitFlashImage(data);
  const gaps = manifest.files.filter((f) => f.role === 'gap').map((f) => [f.file, f.address, f.length]);
  assert.deepEqual(gaps, [
    ['gap-0x00C000.bin', 0xc000, 1],
    ['gap-0x00E400.bin', 0xe400, 2],
  ]);
  const rebuilt = assembleFromManifest(manifest, (f) => contents.get(f.file)!);
  assert.deepEqual(rebuilt.changed, []);
  assert.equal(rebuilt.identical, true);
  assert.deepEqual(rebuilt.bytes, data);
});

test('an edited partition file is used as it is and reported as changed', { skip: noCorpus }, () => {
  const { manifest, contents } = splitFlashImage(merged);
  const psm = contents.get('PSM.bin')!.slice();
  psm[0] = 0x00;
  const rebuilt = assembleFromManifest(manifest, (f) => (f.file === 'PSM.bin' ? psm : contents.get(f.file)!));
  assert.deepEqual(rebuilt.changed, ['PSM.bin']);
  assert.equal(rebuilt.identical, false);
  assert.equal(rebuilt.bytes[0x1e9000], 0x00);
});

test('a manifest that is not a split manifest, or names a path outside its folder, is refused', { skip: noCorpus }, () => {
  const { manifest } = splitFlashImage(merged);
  assert.throws(() => parseSplitManifest({ format: 'other' }), ManifestError);
  const escaping = { ...manifest, files: [{ ...manifest.files[0], file: '../boot2.bin' }] };
  assert.throws(() => parseSplitManifest(JSON.parse(JSON.stringify(escaping))), /must be a plain file name/);
  assert.equal(parseSplitManifest(JSON.parse(JSON.stringify(manifest))).files.length, manifest.files.length);
});

test('a file without a Bouffalo layout or without a valid table cannot be split', { skip: noCorpus }, () => {
  assert.throws(() => splitFlashImage(new Uint8Array(0x20000).fill(0xff)), /no Bouffalo flash layout/);
  const noTables = merged.slice();
  noTables[0xe010] ^= 0xff;
  noTables[0xf010] ^= 0xff;
  assert.throws(() => splitFlashImage(noTables), /no valid partition table/);
});

test('a dump cut short: partitions past its end are listed as missing, the rest still re-assembles', { skip: noCorpus }, () => {
  const partial = merged.slice(0, 0x100000);
  const { manifest, contents } = splitFlashImage(partial);
  assert.deepEqual(
    manifest.missing.map((sentence) => sentence.split(' ')[0]),
    ['mfg', 'media', 'PSM', 'KEY', 'DATA', 'factory'],
  );
  const slot1 = manifest.files.find((f) => f.file === 'FW.1.bin')!;
  assert.deepEqual([slot1.address, slot1.length], [0xd8000, 0x100000 - 0xd8000]);
  const rebuilt = assembleFromManifest(manifest, (f) => contents.get(f.file)!);
  assert.deepEqual(rebuilt.bytes, partial);
});
