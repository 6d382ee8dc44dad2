import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCliJson } from '../support/cli.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

interface Expected {
  entries: Array<{ file: string; tuya: { found: boolean; keys?: string[]; upk?: Record<string, unknown> | null; baud_cfg?: { baud: number } } }>;
}

const expected: Expected = hasCorpus ? JSON.parse(readFileSync(corpusPath('beken/expected.json'), 'utf8')) : { entries: [] };

/** The UPK fields that say which GPIO does what, and at which level. */
const GPIO_FIELD = /_pin$|_lv$|^iic|^ir$|^ctrl_|^sel_pin_|^(rl|bt|wfst|infrr|infre|irpin|remote_io|mosi|onoff\d+)$/;

function gpioFields(upk: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(upk).filter(([key]) => GPIO_FIELD.test(key)));
}

for (const entry of expected.entries) {
  test(`tuya --json on ${entry.file}: module, GPIO fields of user_param_key, key list`, () => {
    const { status, json } = runCliJson<{ found: boolean; module: string | null; upk: Record<string, unknown> | null; keys: string[]; commands: string[] }>([
      'tuya',
      corpusPath('beken', entry.file),
    ]);
    assert.equal(status, 0);
    assert.equal(json.found, entry.tuya.found);
    assert.deepEqual(json.keys, entry.tuya.keys);
    const upk = entry.tuya.upk ?? null;
    if (upk === null) {
      assert.equal(json.upk, null);
      assert.equal(json.module, null);
    } else {
      assert.equal(json.module, upk.module);
      assert.ok(Object.keys(gpioFields(upk)).length > 0);
      assert.deepEqual(gpioFields(json.upk!), gpioFields(upk));
      // Not only the GPIO fields: the whole decoded object matches.
      assert.deepEqual(json.upk, upk);
    }
    if (entry.tuya.baud_cfg) assert.ok(json.commands.includes(`tuyaMcu_setBaudRate ${entry.tuya.baud_cfg.baud}`));
  });
}

test('tuya on a rotated dump names the key block both in the file and in flash order', { skip: !hasCorpus }, () => {
  const { json } = runCliJson<{ rotated: boolean; storage: { keyBlockOffset: number; flashKeyBlockOffset: number } }>([
    'tuya',
    corpusPath('beken', 'LED_Moon_18W_CCT_Kobi.bin'),
  ]);
  assert.equal(json.rotated, true);
  assert.deepEqual([json.storage.keyBlockOffset, json.storage.flashKeyBlockOffset], [0x1dd000, 0x1ee000]);
});
