import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePseudoJson, parseUpk } from '../../src/formats/tuya/upk.js';
import { decodeTuyaValue } from '../../src/formats/tuya/values.js';

test('Tuya pseudo-JSON: bare keys and values, trailing comma, integers only for plain decimals', () => {
  assert.deepEqual(parseUpk('{rl1_lv:1,bt1_pin:8,module:CB3S,category:0505,Jsonver:1.0.1,indep_cfgbt:false,crc:109,}'), {
    rl1_lv: 1,
    bt1_pin: 8,
    module: 'CB3S',
    category: '0505',
    Jsonver: '1.0.1',
    indep_cfgbt: 'false',
    crc: 109,
  });
});

test('strict JSON and nested values parse too; broken text names the character', () => {
  assert.deepEqual(parsePseudoJson('{"a":[1,{b:2,},],c:"x y"}'), { a: [1, { b: 2 }], c: 'x y' });
  assert.throws(() => parsePseudoJson('{a:1'), /character 4/);
});

test('the older nested format is flattened to the current key names', () => {
  const old = JSON.stringify({
    sw: {
      ch: [{ bt: { pin: { value: 10 }, lv: { value: 0 } }, rl: { pin: { value: 26 }, lv: { value: true } } }],
      net: { wfst: { pin: { value: 8 }, lv: { value: 0 } } },
      dltj: { epin: { pin: { value: 7 } }, ct: { value: 1 } },
    },
  });
  assert.deepEqual(parseUpk(old), { bt1_pin: 10, bt1_lv: 0, rl1_pin: 26, rl1_lv: 1, netled_pin: 8, netled_lv: 0, ele_pin: 7, chip_type: 1 });
});

test('values: trailing NULs dropped; JSON, text and hex kept apart', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(decodeTuyaValue(enc('{"baud":9600}\0')), { kind: 'json', value: { baud: 9600 } });
  assert.deepEqual(decodeTuyaValue(enc('bk7231n')), { kind: 'text', value: 'bk7231n' });
  assert.deepEqual(decodeTuyaValue(Uint8Array.of(1, 2, 0xff)), { kind: 'hex', value: '0102ff' });
});
