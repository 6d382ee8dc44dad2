import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeObkConfig, encodeObkConfig } from '../../src/formats/obk/config.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { redactDump } from '../../src/formats/redact.js';
import { readTuyaConfig } from '../../src/formats/tuya/config.js';
import { encodeTuyaStorage } from '../../src/formats/tuya/encode.js';
import { aes128EcbDecrypt } from '../../src/formats/tuya/locate.js';
import { decodeTuyaStorage } from '../../src/formats/tuya/storage.js';
import { runCli, runCliJson } from '../support/cli.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

const SECRET_KEYS = ['gw_ai', 'gw_bi', 'gw_wsm'];

/** Every decrypted data sector of the storage, live or stale, with the key block's data key. */
function decryptedSectors(data: Uint8Array): Buffer {
  const storage = decodeTuyaStorage(data)!;
  return Buffer.concat(storage.arena.map((b) => aes128EcbDecrypt(storage.dataKey, data.subarray(b.offset, b.offset + 0x1000))));
}

test('redacting a real KV fragment blanks Wi-Fi and device secrets everywhere and keeps the rest', { skip: !hasCorpus }, () => {
  const input = new Uint8Array(readFileSync(corpusPath('beken/BK7231T_TuyaConfig_PC44HA.bin')));
  const copy = new Uint8Array(input);
  const before = readTuyaConfig(input, { showSecrets: true });
  const wsm = before.values.gw_wsm.value as Record<string, string>;
  const bi = before.values.gw_bi.value as Record<string, string>;
  const secrets = [wsm.ssid, wsm.passwd, bi.uuid, bi.auth_key].filter((s) => s && s.length >= 4);
  assert.ok(secrets.length >= 3, 'the fragment holds an SSID, a password and device keys');
  for (const s of secrets) assert.ok(decryptedSectors(input).includes(s), 'present before');

  const { data, changes } = redactDump(input);
  assert.deepEqual(input, copy, 'the input is left alone');
  assert.ok(changes.some((c) => /gw_wsm: ssid, passwd/.test(c.what)));
  for (const s of secrets) assert.ok(!decryptedSectors(data).includes(s), 'gone from every copy');

  const after = readTuyaConfig(data, { showSecrets: true });
  assert.deepEqual(after.problems, []);
  assert.deepEqual(after.keys, before.keys);
  assert.deepEqual(after.upk, before.upk);
  for (const key of before.keys.filter((k) => !SECRET_KEYS.includes(k))) assert.deepEqual(after.values[key], before.values[key], key);
  assert.equal((after.values.gw_wsm.value as Record<string, string>).ssid, '');
  assert.equal((after.values.gw_wsm.value as Record<string, string>).passwd, '');
  assert.equal((after.values.gw_bi.value as Record<string, string>).auth_key, '');
});

test('a full dump keeps its inspect verdict through redaction', { skip: !hasCorpus }, () => {
  const input = new Uint8Array(readFileSync(corpusPath('beken/MOES_WK-US2-TC_In-Wall_Outlet.bin')));
  const { data, changes } = redactDump(input);
  assert.ok(changes.some((c) => /protected block at 0x1ED000: gw_bi/.test(c.where + ': ' + c.what)));
  assert.deepEqual(inspectImage(data).verdict, inspectImage(input).verdict);
  assert.deepEqual(readTuyaConfig(data).mapping, readTuyaConfig(input).mapping);
});

test('OpenBeken passwords and Wi-Fi names, and the Tuya protected copy, are blanked with valid checksums', () => {
  const flash = new Uint8Array(0x200000).fill(0xff);
  const tuya = encodeTuyaStorage({
    deviceKey: new Uint8Array(16).fill(0x5a),
    entries: [
      { name: 'gw_wsm', value: '{"ssid":"TuyaHomeNet","passwd":"tuya-wifi-pass"}' },
      { name: 'gw_bi', value: '{"uuid":"uuid-0123456789","auth_key":"authkey-abcdef","ap_ssid":"SmartLife"}' },
      { name: 'user_param_key', value: '{rl1_pin:26,module:CB2S,crc:1,}' },
    ],
    protectedKeys: ['gw_bi', 'gw_wsm'],
  });
  flash.set(tuya.bytes, 0x1ee000 - tuya.keyBlockOffset);
  flash.set(
    encodeObkConfig({
      version: 5, crcVariant: 'signed', length: 3584, wifiSsid: 'ObkHomeNet', wifiPass: 'obk-wifi-pass', mqttPass: 'obk-mqtt-pass',
      webPassword: 'obk-web-pass', mqttHost: 'broker.lan', pins: [{ pin: 6, role: 1, roleName: 'Rel', channel: 1, channel2: 0 }], channelTypes: {},
    }),
    0x1d1000,
  );
  const { data, changes, leftovers } = redactDump(flash);
  assert.deepEqual(leftovers, []);
  const raw = Buffer.from(data);
  for (const s of ['ObkHomeNet', 'obk-wifi-pass', 'obk-mqtt-pass', 'obk-web-pass']) assert.equal(raw.indexOf(s), -1, s);
  const obk = decodeObkConfig(data, 0x1d1000);
  assert.equal(obk.mqttHost, 'broker.lan');
  assert.deepEqual(obk.pins.map((p) => [p.pin, p.roleName]), [[6, 'Rel']]);
  const storage = decodeTuyaStorage(data)!;
  const records = Object.fromEntries(storage.protectedBlock!.records.map((r) => [r.name, new TextDecoder().decode(r.value).replace(/\0+$/, '')]));
  assert.deepEqual(JSON.parse(records.gw_wsm), { ssid: '', passwd: '' });
  assert.deepEqual(JSON.parse(records.gw_bi), { uuid: '', auth_key: '', ap_ssid: 'SmartLife' });
  assert.deepEqual(changes.map((c) => c.where), [
    'Tuya KV storage at 0x1EE000',
    'Tuya KV storage at 0x1EE000',
    'Tuya protected block at 0x1ED000',
    'Tuya protected block at 0x1ED000',
    'OpenBeken config at 0x1D1000',
  ]);
});

test('fwkit redact never overwrites its input nor an existing output without --overwrite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-redact-'));
  const file = join(dir, 'dump.bin');
  writeFileSync(file, new Uint8Array(0x4000).fill(0xff));
  const same = runCli(['redact', file, '-o', file]);
  assert.equal(same.status, 2);
  assert.match(same.stderr, /never writes over its own input/);
  const out = join(dir, 'out.bin');
  const first = runCliJson<{ changes: unknown[] }>(['redact', file, '-o', out]);
  assert.equal(first.status, 0);
  assert.deepEqual(first.json.changes, []);
  assert.equal(runCli(['redact', file, '-o', out]).status, 5);
  assert.equal(runCli(['redact', file, '-o', out, '--overwrite']).status, 0);
});
