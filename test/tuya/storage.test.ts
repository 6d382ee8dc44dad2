import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTuyaConfig } from '../../src/formats/tuya/config.js';
import { encodeTuyaStorage } from '../../src/formats/tuya/encode.js';
import { aes128EcbDecrypt, aes128EcbEncrypt } from '../../src/formats/tuya/locate.js';
import { DATA_KEY_CANDIDATES } from '../../src/formats/tuya/keys.js';
import { decodeTuyaStorage } from '../../src/formats/tuya/storage.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

const deviceKey = Uint8Array.from({ length: 16 }, (_, i) => (i * 29 + 7) & 0xff);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const long = 'x'.repeat(900);
const entries = [
  { name: 'gw_bi', value: '{"uuid":"abc123","auth_key":"k","ap_ssid":"SmartLife"}' },
  { name: 'user_param_key', value: '{rl1_pin:26,rl1_lv:1,bt1_pin:10,bt1_lv:0,module:CB2S,crc:1,}' },
  ...Array.from({ length: 8 }, (_, i) => ({ name: `filler${i}`, value: `${long}${i}` })),
  { name: 'gw_wsm', value: '{"ssid":"home","passwd":"secret-pass"}' },
];

test('encoded storage decodes back: every key and value, multi-part values across blocks, protected block', () => {
  const { bytes, keyBlockOffset } = encodeTuyaStorage({ deviceKey, entries, protectedKeys: ['gw_bi', 'gw_wsm'] });
  const storage = decodeTuyaStorage(bytes)!;
  assert.equal(storage.keyBlockOffset, keyBlockOffset);
  assert.equal(storage.platformKey, '8710_2M');
  assert.deepEqual(storage.problems, []);
  assert.deepEqual(
    storage.entries.map((e) => [e.name, text(e.value), e.sumOk]),
    [...entries].sort((a, b) => (a.name < b.name ? -1 : 1)).map((e) => [e.name, e.value, true]),
  );
  assert.ok(storage.entries.some((e) => e.parts.length > 1 && new Set(e.parts.map((p) => p.block)).size > 1), 'a value spans two blocks');
  assert.deepEqual(storage.protectedBlock?.records.map((r) => [r.name, text(r.value)]), [
    ['gw_bi', entries[0].value],
    ['gw_wsm', entries[entries.length - 1].value],
  ]);
});

test('the storage is found by scanning wherever it sits, also in a rotated image', () => {
  const { bytes } = encodeTuyaStorage({ deviceKey, entries: entries.slice(0, 2) });
  const flash = new Uint8Array(0x200000).fill(0xff);
  flash.set(bytes, 0x1dd000);
  assert.equal(decodeTuyaStorage(flash)?.keyBlockOffset, 0x1dd000);
  const rotated = new Uint8Array(flash.length);
  rotated.set(flash.subarray(0x11000), 0);
  rotated.set(flash.subarray(0, 0x11000), flash.length - 0x11000);
  const config = readTuyaConfig(rotated);
  assert.equal(config.storage?.keyBlockOffset, 0x1dd000 - 0x11000);
  assert.equal(config.upk?.rl1_pin, 26);
});

test('a damaged data page without an intact copy loses only the value it held', () => {
  const { bytes } = encodeTuyaStorage({ deviceKey, entries: entries.slice(0, 2) });
  const dataKey = DATA_KEY_CANDIDATES[0].derive(deviceKey);
  // Corrupt the user_param_key value (block 0, page 4) inside the encryption.
  const sector = 0x1000;
  const plain = aes128EcbDecrypt(dataKey, bytes.subarray(sector, sector + 0x1000));
  plain[4 * 128 + 3] ^= 0x20;
  bytes.set(aes128EcbEncrypt(dataKey, plain), sector);
  const config = readTuyaConfig(bytes);
  assert.deepEqual(config.keys, ['gw_bi', 'user_param_key']);
  assert.ok(config.values.gw_bi, 'the intact value is kept');
  assert.equal(config.values.user_param_key, undefined);
  assert.equal(config.upk, null);
  assert.match(config.problems.join('\n'), /data block 0 at 0x1000 is damaged \(bad checksum\) and has no intact copy/);
  assert.match(config.problems.join('\n'), /key "user_param_key": the value's checksum does not match/);
});

test('a key block whose data blocks belong to another key: found, nothing decrypts, said plainly', () => {
  const { bytes } = encodeTuyaStorage({ deviceKey, entries: entries.slice(0, 2) });
  const other = encodeTuyaStorage({ deviceKey: new Uint8Array(16).fill(3), entries: [] });
  bytes.set(other.bytes.subarray(0, 0x1000), 0);
  const config = readTuyaConfig(bytes);
  assert.equal(config.found, true);
  assert.deepEqual(config.keys, []);
  assert.match(config.problems[0], /key block at 0x0 found, but no data block decrypts with any known platform key/);
});

test('erased flash holds no Tuya config; a plain user_param_key is used when the storage has none', () => {
  const erased = new Uint8Array(0x20000).fill(0xff);
  const none = readTuyaConfig(erased);
  assert.equal(none.found, false);
  assert.equal(none.storage, null);
  erased.set(new TextEncoder().encode('\0{Jsonver:1.1.8,c_pin:7,c_lv:1,w_pin:6,module:WB3L,crc:42,}\0'), 0x5000);
  const plain = readTuyaConfig(erased);
  assert.equal(plain.upkSource, 'plaintext');
  assert.equal(plain.upkOffset, 0x5001);
  assert.deepEqual(plain.mapping.pins.map((p) => [p.pin, p.role, p.channel]), [[6, 'PWM', 4], [7, 'PWM', 3]]);
});

test('a damaged live block of a real dump falls back to its swap copy, flagged as possibly stale', { skip: !hasCorpus }, () => {
  const dump = new Uint8Array(readFileSync(corpusPath('beken/Allegro_Berge_MI0014_30_x_5_cm_Milio.bin')));
  const intact = readTuyaConfig(dump);
  dump[0x1f0000 + 0x400] ^= 0xff; // inside data block 1 (holds user_param_key), which has a swap copy
  const damaged = readTuyaConfig(dump);
  assert.deepEqual(damaged.keys, intact.keys);
  assert.deepEqual(damaged.upk, intact.upk);
  assert.equal(damaged.values.user_param_key.possiblyStale, true);
  assert.match(damaged.problems.join('\n'), /data block 1: the copy at 0x1F0000 is damaged \(bad checksum\); the copy at 0x1FD000 was used/);
});

test('a fragment holding only the key block and the first data blocks still decodes', { skip: !hasCorpus }, () => {
  const dump = readFileSync(corpusPath('beken/Allegro_Berge_MI0014_30_x_5_cm_Milio.bin'));
  const fragment = new Uint8Array(dump.subarray(0x1ee000, 0x1ee000 + 0x8000));
  const config = readTuyaConfig(fragment);
  assert.equal(config.storage?.keyBlockOffset, 0);
  assert.deepEqual(config.keys, ['gw_ai', 'gw_bi', 'gw_di', 'gw_wsm', 'user_param_key', 'wf_start_md']);
});

test('with no user_param_key stored, the default one inside the encrypted app is used', async () => {
  const { appCode, flashDump, SAMPLE_N } = await import('../../scripts/samples/beken.js');
  const { packCrcPartition } = await import('../../src/formats/beken/packager.js');
  const { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE } = await import('../../src/formats/beken/layouts.js');
  const { TUYA_KEY } = await import('../../src/formats/beken/cipher.js');
  const code = appCode(SAMPLE_N);
  code.set(new TextEncoder().encode('\0{r_pin:7,g_pin:8,b_pin:6,ir:14,cmod:rgb,module:WB3S,crc:5,}\0'), 0x4000);
  const flash = flashDump(SAMPLE_N);
  flash.set(packCrcPartition(code, { key: TUYA_KEY, logicalBase: APP_LOGICAL_BASE, physLength: APP_PHYS_SIZE, name: 'app', timestamp: SAMPLE_N.timestamp }), BOOTLOADER_PHYS_SIZE);
  assert.equal(Buffer.from(flash).indexOf('module:WB3S'), -1, 'not readable without decrypting');
  const config = readTuyaConfig(flash);
  assert.equal(config.upkSource, 'app');
  assert.equal(config.upkOffset, 0x4001);
  assert.equal(config.module, 'WB3S');
  assert.deepEqual(config.mapping.pins.map((p) => [p.pin, p.role, p.channel]), [[6, 'PWM', 2], [7, 'PWM', 0], [8, 'PWM', 1], [14, 'IRRecv', null]]);
  const { rotate } = await import('../../src/formats/beken/rotation.js');
  assert.equal(readTuyaConfig(rotate(flash)).module, 'WB3S', 'also from a rotated dump');
});

test('a key block followed by erased sectors is an empty storage, said so', () => {
  const { bytes } = encodeTuyaStorage({ deviceKey, entries: [] });
  bytes.fill(0xff, 0x1000);
  assert.match(readTuyaConfig(bytes).problems[0], /key block at 0x0 found, but the storage is empty: the sectors after it are erased/);
});

test('erased sectors inside the storage do not cut it in two: keys after the gap still decode', () => {
  const many = Array.from({ length: 40 }, (_, i) => ({ name: `key${String(i).padStart(2, '0')}`, value: `${'v'.repeat(300)}${i}` }));
  const { bytes } = encodeTuyaStorage({ deviceKey, entries: many });
  const intact = decodeTuyaStorage(bytes)!;
  const late = intact.entries.filter((e) => e.indexBlock === 3 && e.parts.every((p) => p.block === 3)).map((e) => e.name);
  assert.ok(late.length > 0);
  bytes.fill(0xff, 2 * 0x1000, 4 * 0x1000); // data blocks 1 and 2 erased
  const damaged = decodeTuyaStorage(bytes)!;
  const names = damaged.entries.filter((e) => e.sumOk).map((e) => e.name);
  for (const name of late) assert.ok(names.includes(name), name);
  assert.ok(!damaged.problems.some((p) => /another run/.test(p)));
});
