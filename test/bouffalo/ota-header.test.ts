import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCorpus, readCorpus } from '../support/paths.js';
import { decodeOtaHeader, encodeOtaHeader, otaPayload, OTA_HEADER_SIZE } from '../../src/formats/bouffalo/ota-header.js';

const raw = readCorpus('bouffalo/bl602_sdk_build/FW_OTA.bin.ota');
const xz = readCorpus('bouffalo/bl602_sdk_build/FW_OTA.bin.xz.ota');

test('decodes the RAW and XZ OTA headers of the SDK build', { skip: noCorpus }, () => {
  const rawHeader = decodeOtaHeader(raw);
  assert.equal(rawHeader.type, 'RAW');
  assert.equal(rawHeader.payloadLength, raw.length - OTA_HEADER_SIZE);
  assert.equal(rawHeader.hardwareVersion, 'BFL_Module_v1.1');
  assert.equal(decodeOtaHeader(xz).type, 'XZ');
  assert.equal(decodeOtaHeader(xz).hardwareVersion, 'BFL_Module_v1.1');
  for (const file of [raw, xz]) {
    const { lengthOk, sha256Ok } = otaPayload(file, decodeOtaHeader(file));
    assert.deepEqual([lengthOk, sha256Ok], [true, true]);
  }
});

test('encoding a decoded OTA header gives back its 512 bytes', { skip: noCorpus }, () => {
  for (const file of [raw, xz]) assert.deepEqual(encodeOtaHeader(decodeOtaHeader(file)), file.subarray(0, OTA_HEADER_SIZE));
});

test('a changed payload byte or a cut file fails the check', { skip: noCorpus }, () => {
  const damaged = xz.slice();
  damaged[OTA_HEADER_SIZE + 100] ^= 0x80;
  assert.equal(otaPayload(damaged, decodeOtaHeader(damaged)).sha256Ok, false);
  const cut = xz.subarray(0, xz.length - 1);
  assert.deepEqual(otaPayload(cut, decodeOtaHeader(cut)).lengthOk, false);
});

test('an unknown payload type is refused at offset 16', { skip: noCorpus }, () => {
  const odd = raw.slice(0, OTA_HEADER_SIZE);
  odd.set([0x5a, 0x49, 0x50, 0x20], 16);
  assert.throws(() => decodeOtaHeader(odd), /offset 0x10: unknown OTA payload type "ZIP "/);
});
