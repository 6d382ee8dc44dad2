import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encodeObkConfig, type ObkConfig } from '../../src/formats/obk/config.js';
import {
  decodeEfStatus,
  encodeEasyFlashRecord,
  encodeEasyFlashSector,
  findEasyFlashValue,
  readEasyFlashRecords,
  type EasyFlashOptions,
} from '../../src/formats/obk/easyflash.js';
import { findObkConfig } from '../../src/formats/obk/find-any.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

const enc = (s: string) => new TextEncoder().encode(s);

test('status tables: NOR-accumulated and memcpy-written bytes decode alike; byte steps for GRAN 8', () => {
  assert.equal(decodeEfStatus(Uint8Array.of(0x3f), 1, 6), 2, 'bits 0x80 and 0x40 cleared');
  assert.equal(decodeEfStatus(Uint8Array.of(0xbf), 1, 6), 2, 'only the latest bit cleared');
  assert.equal(decodeEfStatus(Uint8Array.of(0xff), 1, 6), 0);
  assert.equal(decodeEfStatus(Uint8Array.of(0, 0, 0, 0, 0xff), 8, 6), 4);
  assert.equal(decodeEfStatus(Uint8Array.of(0, 0, 0xff, 0xff, 0xff), 8, 6), 2);
});

test('the real BL602 PSM records: lengths, names and CRC-32 as EasyFlash wrote them', { skip: !hasCorpus }, () => {
  const data = new Uint8Array(readFileSync(corpusPath('bouffalo/bl602_openbeken_full.bin')));
  const records = readEasyFlashRecords(data, 0x1e5000, 0x8000, { granularity: 8 });
  assert.deepEqual(
    records.map((r) => [r.offset, r.name, r.status, r.value.length, r.crcOk]),
    [
      [0x1e9014, 'myBtCnts', 4, 64, true],
      [0x1e9078, 'mY0bcFg', 2, 3584, true],
      [0x1e9e9b, 'myBtCnts', 4, 64, true],
      [0x1e9eff, 'myBtCnts', 4, 64, true],
      [0x1e9f63, 'myBtCnts', 4, 64, true],
      [0x1ea014, 'myBtCnts', 2, 64, true],
    ],
  );
  // Deleted copies of the boot counter do not win; the live one (status 2) does.
  assert.equal(findEasyFlashValue(records, 'myBtCnts')?.offset, 0x1ea014);
  // Our encoder writes the same bytes for the same record.
  const config = records[1];
  assert.deepEqual(encodeEasyFlashRecord('mY0bcFg', config.value, { granularity: 8 }), data.subarray(config.offset, config.offset + config.totalLength));
});

const config: ObkConfig = {
  version: 4, crcVariant: 'signed', length: 3584, wifiSsid: 'Net', mqttHost: 'h', pins: [{ pin: 1, role: 1, roleName: 'Rel', channel: 1, channel2: 0 }], channelTypes: {},
};

for (const [label, options] of [
  ['GRAN 1', { granularity: 1 }],
  ['GRAN 8', { granularity: 8 }],
  ['GRAN 32 without KV40 (TR6260)', { granularity: 32, kvMagic: false }],
  ['GRAN 32, EF41 sectors (ECR6600)', { granularity: 32, kvMagic: false, sectorMagic: 'EF41' }],
] as Array<[string, EasyFlashOptions]>) {
  test(`EasyFlash ${label}: encoded records read back; OpenBeken's ObkCfg is found`, () => {
    const flash = new Uint8Array(0x20000).fill(0xff);
    const cfg = encodeObkConfig(config);
    flash.set(encodeEasyFlashSector([encodeEasyFlashRecord('nv_version', enc('0.01'), options), encodeEasyFlashRecord('ObkCfg', cfg, options)], options), 0x1b000);
    const records = readEasyFlashRecords(flash, 0, flash.length, options);
    assert.deepEqual(records.map((r) => [r.name, r.status, r.crcOk, r.value.length]), [['nv_version', 2, true, 4], ['ObkCfg', 2, true, 3584]]);
    assert.deepEqual(records[0].value, enc('0.01'));
    const found = findObkConfig(flash);
    assert.equal(found?.offset, records[1].valueOffset);
    assert.equal(found?.storage, `EasyFlash key ObkCfg (GRAN ${options.granularity})`);
    assert.deepEqual(found?.config.pins, config.pins);
  });
}

test('a pre-delete record counts only when no written one exists; a bad CRC never counts', () => {
  const options: EasyFlashOptions = { granularity: 1 };
  const older = encodeEasyFlashRecord('ObkCfg', enc('old'), options);
  older[0] = 0x1f; // pre-delete: an update was cut short
  const newer = encodeEasyFlashRecord('ObkCfg', enc('new'), options);
  const sector = encodeEasyFlashSector([older, newer], options);
  assert.deepEqual(findEasyFlashValue(readEasyFlashRecords(sector, 0, sector.length, options), 'ObkCfg')?.value, enc('new'));
  const damaged = encodeEasyFlashSector([older, newer], options);
  damaged[16 + older.length + 24 + 6] ^= 1; // a byte of the newer value
  assert.deepEqual(findEasyFlashValue(readEasyFlashRecords(damaged, 0, damaged.length, options), 'ObkCfg')?.value, enc('old'));
});

test('redacting the real BL602 dump blanks its MQTT password in the EasyFlash record, CRC-32 valid', { skip: !hasCorpus }, async () => {
  const { redactDump } = await import('../../src/formats/redact.js');
  const { inspectImage } = await import('../../src/formats/inspect.js');
  const data = new Uint8Array(readFileSync(corpusPath('bouffalo/bl602_openbeken_full.bin')));
  const before = findObkConfig(data)!;
  assert.notEqual(before.config.mqttPass, '');
  const { data: out, changes } = redactDump(data);
  assert.deepEqual(changes, [{ where: 'EasyFlash record mY0bcFg at 0x1E9078', what: 'mqttPass blanked' }]);
  const records = readEasyFlashRecords(out, 0x1e5000, 0x8000, { granularity: 8 });
  assert.ok(records.every((r) => r.crcOk));
  const after = findObkConfig(out)!;
  assert.equal(after.config.mqttPass, '');
  assert.deepEqual({ ...after.config, mqttPass: before.config.mqttPass }, before.config);
  assert.deepEqual(inspectImage(out).verdict, inspectImage(data).verdict);
});

test('Wi-Fi values beside the config in EasyFlash are zeroed with valid CRCs', async () => {
  const { redactDump } = await import('../../src/formats/redact.js');
  const options: EasyFlashOptions = { granularity: 1 };
  const flash = new Uint8Array(0x10000).fill(0xff);
  flash.set(encodeEasyFlashSector([encodeEasyFlashRecord('fcdata', enc('HomeNetwork\0psk-0123456789'), options), encodeEasyFlashRecord('OBK_FV', enc('counters'), options)], options), 0x5000);
  const { data, changes } = redactDump(flash);
  assert.deepEqual(changes, [{ where: 'EasyFlash record fcdata at 0x5010', what: 'value zeroed' }]);
  const records = readEasyFlashRecords(data, 0, data.length, options);
  assert.deepEqual(records.map((r) => [r.name, r.crcOk]), [['fcdata', true], ['OBK_FV', true]]);
  assert.equal(Buffer.from(data).indexOf('HomeNetwork'), -1);
  assert.deepEqual(records[1].value, enc('counters'));
});
