import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeObkConfig, encodeObkConfig } from '../../src/formats/obk/config.js';
import { findObkConfig } from '../../src/formats/obk/find-any.js';
import { runCliJson } from '../support/cli.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

interface BouffaloExpected {
  entries: Array<{ file: string; obk?: { found: boolean; storage?: string; length?: number } }>;
}

const skip = !hasCorpus;
const file = 'bl602_openbeken_full.bin';

test('the OpenBeken config of a real BL602 dump is read from its PSM EasyFlash record', { skip }, () => {
  const expected = (JSON.parse(readFileSync(corpusPath('bouffalo/expected.json'), 'utf8')) as BouffaloExpected).entries.find((e) => e.file === file)!.obk!;
  const { status, json } = runCliJson<{ found: boolean; storage: string; config: ReturnType<typeof decodeObkConfig> }>(['obk', corpusPath('bouffalo', file)]);
  assert.equal(status, 0);
  assert.equal(json.found, expected.found);
  assert.equal(json.storage, expected.storage);
  assert.equal(json.config.length, expected.length);
  // BL602 builds use a plain (unsigned) char, so the unsigned CRC-8 matches.
  assert.equal(json.config.crcVariant, 'unsigned');
  assert.equal(json.config.version, 5);
  // OpenBeken names the device after the last bytes of its MAC: both fields must agree.
  assert.ok(json.config.shortDeviceName!.toLowerCase().endsWith(json.config.mac!.slice(4)), `${json.config.shortDeviceName} vs ${json.config.mac}`);
  assert.equal(json.config.mqttPort, 1883);
  assert.equal(json.config.mqttPass, '<redacted>');
});

test('decoding and encoding the real BL602 config over its own bytes gives them back', { skip }, () => {
  const data = new Uint8Array(readFileSync(corpusPath('bouffalo', file)));
  const found = findObkConfig(data)!;
  const original = data.subarray(found.offset, found.offset + found.config.length);
  assert.deepEqual(encodeObkConfig(found.config, original), original);
  assert.deepEqual(decodeObkConfig(encodeObkConfig(found.config)), found.config);
});
