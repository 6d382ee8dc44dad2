import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBekenDump, SAMPLE_OBK_CONFIG, SAMPLE_SECRETS } from '../../scripts/samples/obk.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { readTuyaConfig } from '../../src/formats/tuya/config.js';
import { aes128EcbDecrypt } from '../../src/formats/tuya/locate.js';
import { decodeTuyaStorage } from '../../src/formats/tuya/storage.js';
import { runCli, runCliJson } from '../support/cli.js';
import { samplePath } from '../support/paths.js';

const sample = samplePath('bk7231n-openbeken-dump.bin');

interface InspectJson {
  verdict: { restorable: boolean; problems: string[] };
  tuya: { found: boolean; offset?: number };
  obk: { found: boolean; offset?: number };
}

/** The file's bytes plus every KV sector decrypted, so that a secret inside the encryption is found too. */
function searchable(data: Uint8Array): Buffer {
  const storage = decodeTuyaStorage(data);
  const sectors = storage ? storage.arena.map((b) => aes128EcbDecrypt(storage.dataKey, data.subarray(b.offset, b.offset + 0x1000))) : [];
  const inner = storage?.protectedBlock ? [storage.protectedBlock.inner] : [];
  return Buffer.concat([data, ...sectors, ...inner]);
}

test('the committed OpenBeken sample is what the generator writes', () => {
  assert.deepEqual(new Uint8Array(readFileSync(sample)), openBekenDump());
});

test('inspect finds both configs in the sample, where the BK7231N keeps them', () => {
  const { json } = runCliJson<InspectJson>(['inspect', sample]);
  assert.equal(json.verdict.restorable, true);
  assert.deepEqual([json.obk.found, json.obk.offset], [true, 0x1d1000]);
  assert.deepEqual([json.tuya.found, json.tuya.offset], [true, 0x1ee000]);
});

test('obk and tuya read the sample back', () => {
  const obk = runCliJson<{ config: typeof SAMPLE_OBK_CONFIG }>(['obk', sample]).json.config;
  for (const field of ['version', 'crcVariant', 'wifiSsid', 'mqttHost', 'mqttPort', 'longDeviceName', 'initCommandLine', 'pins'] as const) {
    assert.deepEqual(obk[field], SAMPLE_OBK_CONFIG[field], field);
  }
  assert.equal(obk.wifiPass, '<redacted>');
  const tuya = runCliJson<{ module: string; pins: Array<{ pin: number; role: string; channel: number | null }> }>(['tuya', sample]).json;
  assert.equal(tuya.module, 'CB2S');
  // The Tuya mapping of the stock config gives the roles the OpenBeken config of the sample uses.
  assert.deepEqual(
    tuya.pins.map((p) => [p.pin, p.role]),
    SAMPLE_OBK_CONFIG.pins.map((p) => [p.pin, p.roleName]),
  );
});

test('redact removes every secret of the sample, keeps the verdict and everything else', () => {
  const before = new Uint8Array(readFileSync(sample));
  for (const secret of Object.values(SAMPLE_SECRETS)) assert.notEqual(searchable(before).indexOf(secret), -1, `${secret} present before`);
  const out = join(mkdtempSync(join(tmpdir(), 'fwkit-sample-')), 'shareable.bin');
  const r = runCliJson<{ restorable: { before: boolean; after: boolean }; warnings: string[] }>(['redact', sample, '-o', out]);
  assert.equal(r.status, 0);
  assert.deepEqual(r.json.restorable, { before: true, after: true });
  assert.deepEqual(r.json.warnings, []);
  const after = new Uint8Array(readFileSync(out));
  for (const secret of Object.values(SAMPLE_SECRETS)) assert.equal(searchable(after).indexOf(secret), -1, `${secret} gone`);
  assert.deepEqual(inspectImage(after).verdict, inspectImage(before).verdict);
  assert.deepEqual(readTuyaConfig(after).mapping, readTuyaConfig(before).mapping);
  assert.deepEqual(readTuyaConfig(after).keys, readTuyaConfig(before).keys);
  const obk = runCliJson<{ config: typeof SAMPLE_OBK_CONFIG }>(['obk', out, '--show-secrets']).json.config;
  assert.deepEqual(obk.pins, SAMPLE_OBK_CONFIG.pins);
  assert.deepEqual([obk.wifiSsid, obk.wifiPass, obk.mqttPass, obk.webPassword], ['', '', '', '']);
  assert.equal(runCli(['redact', sample, '-o', out]).status, 5, 'an existing output is not replaced');
});
