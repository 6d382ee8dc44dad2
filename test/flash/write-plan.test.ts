import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planWrite } from '../../src/flash/beken/write-plan.js';
import { WriteRefused } from '../../src/flash/write-refused.js';
import { inspectImage } from '../../src/formats/inspect.js';
import type { ChipInfo } from '../../src/flash/beken/session.js';
import { corpusPath, hasCorpus, samplePath } from '../support/paths.js';

function chip(family: ChipInfo['family']): ChipInfo {
  return {
    family,
    protocol: 'full' as ChipInfo['protocol'],
    downloadEngine: 'mask ROM',
    chipId: null,
    bootloader: null,
    bootloaderCrc: 0,
    bootVersion: null,
    identifiedBy: '--chip',
    evidence: [],
    warnings: [],
    crcEndInclusive: true,
    flashId: null,
    flashName: null,
    flashSize: 0x200000,
    flashSizeSource: 'default',
    protection: null,
    baudRate: 115200,
  };
}

const plan = (data: Uint8Array, family: ChipInfo['family'], overwriteBootloader = false) =>
  planWrite('file.bin', data, inspectImage(data), chip(family), { overwriteBootloader });

test('a full N dump is written from 0x11000 unless the bootloader may be overwritten', () => {
  const dump = new Uint8Array(readFileSync(samplePath('bk7231n-dump.bin')));
  const kept = plan(dump, 'BK7231N');
  assert.deepEqual([kept.address, kept.data.length], [0x11000, 0x200000 - 0x11000]);
  assert.equal(kept.data[0], dump[0x11000]);
  assert.equal(plan(dump, 'BK7231N', true).address, 0);
});

test('a restore image (dump from 0x11000 on) goes to 0x11000, a UA too', () => {
  const dump = new Uint8Array(readFileSync(samplePath('bk7231n-dump.bin')));
  const restore = dump.subarray(0x11000);
  assert.equal(inspectImage(restore).kind, 'restore-image');
  assert.equal(plan(restore, 'BK7231N').address, 0x11000);
  assert.equal(plan(new Uint8Array(readFileSync(samplePath('bk7231n-ua.bin'))), 'BK7231N').address, 0x11000);
});

test('a rotated dump is refused: written as it is it would put the app at the wrong addresses', { skip: !hasCorpus }, () => {
  const rotated = new Uint8Array(readFileSync(corpusPath('beken/LED_Moon_18W_CCT_Kobi.bin')));
  assert.throws(() => plan(rotated, 'BK7231T'), (e: unknown) => e instanceof WriteRefused && /rotated dump/.test(e.message));
});

test('a file for another family is refused', () => {
  const dump = new Uint8Array(readFileSync(samplePath('bk7231t-dump.bin')));
  assert.throws(() => plan(dump, 'BK7231N'), (e: unknown) => e instanceof WriteRefused && /built for BK7231T, but the chip is a BK7231N/.test(e.message));
});
