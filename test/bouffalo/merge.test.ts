import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { mergeFlashImage, MergeInputError } from '../../src/formats/bouffalo/merge.js';

const sdk = (name: string) => readCorpus('bouffalo/bl602_sdk_build', name);
const merged = sdk('whole_flash_data.bin');
const table = sdk('partition.bin');
// The pieces DevCube merged, cut back out of its output: boot2 image, firmware image, ro_params.dtb (5671 bytes).
const boot2 = merged.slice(0, 0x2000 + 39312);
const firmware = merged.slice(0x10000, 0x11000 + 588560);
const factory = merged.slice(0x1f8000, 0x1f8000 + 5671);

test('merging the SDK pieces reproduces whole_flash_data.bin byte for byte', { skip: noCorpus }, () => {
  const result = mergeFlashImage({ boot2, table, firmware, parts: [{ name: 'factory', bytes: factory }] });
  assert.deepEqual(result.bytes, merged);
  assert.deepEqual(
    result.placed.map((p) => [p.what, p.offset]),
    [['boot2', 0], ['partition table', 0xe000], ['partition table', 0xf000], ['firmware (FW slot 0)', 0x10000], ['factory', 0x1f8000]],
  );
  assert.deepEqual(result.warnings, []);
});

test('padding to the flash size fills with 0xFF', { skip: noCorpus }, () => {
  const result = mergeFlashImage({ boot2, table, firmware }, 0x200000);
  assert.equal(result.bytes.length, 0x200000);
  assert.ok(result.bytes.subarray(0x11000 + 588560).every((b) => b === 0xff));
});

test('each bad input is named: damaged firmware, a table that is not one, a part too big', { skip: noCorpus }, () => {
  const damaged = firmware.slice();
  damaged[0x2000] ^= 1;
  assert.throws(
    () => mergeFlashImage({ boot2, table, firmware: damaged }),
    (e: unknown) => e instanceof MergeInputError && e.input === 'firmware' && /does not match the SHA-256/.test(e.message),
  );
  assert.throws(() => mergeFlashImage({ boot2, table: boot2, firmware }), (e: unknown) => e instanceof MergeInputError && e.input === 'table');
  assert.throws(() => mergeFlashImage({ boot2, table, firmware, parts: [{ name: 'factory', bytes: firmware }] }), /does not fit its partition \(0x7000 bytes\)/);
  assert.throws(() => mergeFlashImage({ boot2: merged.slice(0, 0xf000), table, firmware }), /would cover the partition table/);
});
