import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeObkConfig, encodeObkConfig, type ObkConfig } from '../../src/formats/obk/config.js';
import { findObkConfig } from '../../src/formats/obk/find-any.js';
import { tinyCrc8 } from '../../src/formats/obk/crc8.js';
import { runCliJson } from '../support/cli.js';

const config: ObkConfig = {
  version: 5,
  crcVariant: 'signed',
  length: 3584,
  genericFlags: 0x400,
  genericFlags2: 0,
  changeCounter: 7,
  otaCounter: 1,
  wifiSsid: 'HomeNet',
  wifiPass: 'wifi-secret-123',
  mqttHost: '192.168.1.10',
  mqttClientId: 'obk_plug',
  mqttUserName: 'homeassistant',
  mqttPass: 'mqtt-secret-456',
  mqttPort: 1883,
  shortDeviceName: 'obk_plug',
  longDeviceName: 'OpenBeken Plug',
  mqttGroup: 'bekens',
  initCommandLine: 'PWMFrequency 1000',
  wifiSsid2: 'Backup',
  wifiPass2: 'second-secret',
  webPassword: 'web-secret',
  staticIp: '192.168.1.50',
  pins: [
    { pin: 6, role: 1, roleName: 'Rel', channel: 1, channel2: 0 },
    { pin: 10, role: 3, roleName: 'Btn', channel: 1, channel2: 0 },
    { pin: 26, role: 9, roleName: 'WifiLED_n', channel: 0, channel2: 0 },
  ],
  channelTypes: { 1: 1 },
};

test('an encoded v5 config decodes to the same fields, pins and channel types', () => {
  const bytes = encodeObkConfig(config);
  assert.equal(bytes.length, 3584);
  assert.equal(bytes[3], tinyCrc8(bytes.subarray(4), true));
  const back = decodeObkConfig(bytes);
  for (const [key, value] of Object.entries(config)) assert.deepEqual(back[key as keyof ObkConfig], value, key);
  assert.deepEqual(encodeObkConfig(back, bytes), bytes, 'decode then encode over the original gives it back');
});

test('a v3 config is 2016 bytes with a 512-byte command line and no second Wi-Fi; unsigned CRC kept', () => {
  const v3 = encodeObkConfig({ ...config, version: 3, crcVariant: 'unsigned', length: 2016 });
  assert.equal(v3.length, 2016);
  const back = decodeObkConfig(v3);
  assert.equal(back.crcVariant, 'unsigned');
  assert.equal(back.wifiSsid, 'HomeNet');
  assert.equal(back.wifiSsid2, undefined);
  assert.equal(back.webPassword, undefined);
  assert.throws(() => encodeObkConfig({ ...config, version: 3, initCommandLine: 'x'.repeat(513) }), /at most 512 bytes/);
});

test('a damaged config is refused with its offset', () => {
  const bytes = encodeObkConfig(config);
  bytes[100] ^= 1;
  assert.throws(() => decodeObkConfig(bytes), /offset 0x0: no valid OpenBeken config/);
});

test('fwkit obk reads the config of a BK7231N dump at 0x1D1000 and hides passwords unless asked', () => {
  const flash = new Uint8Array(0x200000).fill(0xff);
  flash.set(encodeObkConfig(config), 0x1d1000);
  assert.equal(findObkConfig(flash)?.offset, 0x1d1000);
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-obk-'));
  const file = join(dir, 'obk-n.bin');
  writeFileSync(file, flash);
  const hidden = runCliJson<{ found: boolean; offset: number; storage: string; config: ObkConfig }>(['obk', file]);
  assert.equal(hidden.status, 0);
  assert.equal(hidden.json.offset, 0x1d1000);
  assert.match(hidden.json.storage, /BK7231N/);
  assert.equal(hidden.json.config.wifiSsid, 'HomeNet');
  assert.equal(hidden.json.config.mqttPort, 1883);
  for (const secret of ['wifiPass', 'wifiPass2', 'mqttPass', 'webPassword'] as const) assert.equal(hidden.json.config[secret], '<redacted>');
  assert.deepEqual(hidden.json.config.pins.map((p) => [p.pin, p.roleName, p.channel]), [[6, 'Rel', 1], [10, 'Btn', 1], [26, 'WifiLED_n', 0]]);
  const shown = runCliJson<{ config: ObkConfig }>(['obk', file, '--show-secrets']);
  assert.equal(shown.json.config.wifiPass, 'wifi-secret-123');
});

test('fwkit obk on a file without a config says so and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-obk-'));
  const file = join(dir, 'erased.bin');
  writeFileSync(file, new Uint8Array(0x10000).fill(0xff));
  const r = runCliJson<{ found: boolean }>(['obk', file]);
  assert.equal(r.status, 1);
  assert.equal(r.json.found, false);
});
