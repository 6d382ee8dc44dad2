import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { corpusPath, hasCorpus } from '../support/paths.js';

test('tuya --template writes an OpenBeken device template with the mapped pins', { skip: !hasCorpus }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-template-'));
  const out = join(dir, 'moes.json');
  const dump = corpusPath('beken/MOES_WK-US2-TC_In-Wall_Outlet.bin');
  const r = runCli(['tuya', dump, '--template', out]);
  assert.equal(r.status, 0, r.stderr);
  const template = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(template.chip, 'BK7231N');
  assert.equal(template.board, 'CB2S');
  assert.deepEqual(template.pins, { 6: 'Rel;3', 7: 'Rel;4', 8: 'Rel;2', 10: 'WifiLED_n;0', 11: 'Btn;1', 24: 'Btn;2', 26: 'Rel;1' });
  assert.equal(runCli(['tuya', dump, '--template', out]).status, 5, 'an existing template is not replaced');
});

test('a lighting dump\'s template carries its PWM frequency; an I2C bulb its driver commands', { skip: !hasCorpus }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-template-'));
  const bulb = join(dir, 'bulb.json');
  assert.equal(runCli(['tuya', corpusPath('beken/Biltema_24264_A15_E27_CCT_Mini-Globe_Bulb.bin'), '--template', bulb]).status, 0);
  assert.deepEqual(JSON.parse(readFileSync(bulb, 'utf8')).pins, { 7: 'PWM;4', 26: 'PWM;3' });
  assert.equal(JSON.parse(readFileSync(bulb, 'utf8')).command, 'PWMFrequency 600');
  const globe = join(dir, 'globe.json');
  assert.equal(runCli(['tuya', corpusPath('beken/Globe_Electric_37783_RGBCT_Bulb_v2.0.0.bin'), '--template', globe]).status, 0);
  const t = JSON.parse(readFileSync(globe, 'utf8'));
  assert.deepEqual(t.pins, { 8: 'SM2135CLK;0', 26: 'SM2135DAT;0' });
  assert.equal(t.command, 'backlog SM2135_Current 20 50; LED_Map 2 1 0 4 3');
});
