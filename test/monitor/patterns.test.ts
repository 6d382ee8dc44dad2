import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLine } from '../../src/formats/bootlog/patterns.js';
import { diagnoseBootLog } from '../../src/formats/bootlog/analyzer.js';

const text = (...lines: string[]) => new TextEncoder().encode(lines.map((l) => `${l}\r\n`).join(''));

describe('boot log line meanings', () => {
  it('names the silicon from first-stage banners and the firmware build from the platform name', () => {
    assert.deepEqual(classifyLine('V:BK7231N_1.0.1'), { kind: 'boot-stage', bootChip: 'bk7231n' });
    assert.deepEqual(classifyLine('Booting BL602 Chip...'), { kind: 'boot-stage', bootChip: 'bl602' });
    assert.deepEqual(classifyLine('Info:MAIN:open AP OpenBK7231T_1A2B3C4D'), { kind: 'other', firmwareChip: 'bk7231t' });
    assert.deepEqual(classifyLine('Info:MAIN:Main_Init_Before_Delay'), { kind: 'firmware-start' });
    assert.deepEqual(classifyLine('Info:MAIN:Main_Init_Before_Delay done'), { kind: 'other' });
  });

  it('reads safe mode and its failure counter, and Wi-Fi start', () => {
    assert.deepEqual(classifyLine('Info:MAIN:###### safe mode activated - boot failures 5'), { kind: 'safe-mode', bootCounter: 5 });
    assert.equal(classifyLine('Info:MAIN:[SAFE] Time 12, idle 100/s').kind, 'safe-mode');
    assert.equal(classifyLine('Info:MAIN:Connecting to SSID [home]').kind, 'wifi-start');
    assert.equal(classifyLine('Info:MAIN:Time 12, idle 100/s').kind, 'other');
  });
});

describe('boot counting', () => {
  it('a start marker printed twice in a row is one boot; the same marker later is a new one', () => {
    const boot = ['Main_Init_Before_Delay', 'Info:MAIN:Main_Init_Before_Delay', 'Info:CFG:loaded', 'Info:MAIN:x', 'Info:MAIN:y'];
    assert.equal(diagnoseBootLog(text(...boot), { baud: 115200 }).boots, 1);
    assert.equal(diagnoseBootLog(text(...boot, ...boot, ...boot), { baud: 115200 }).boots, 3);
  });

  it('the bootloader banner then the firmware start are one boot', () => {
    const diagnosis = diagnoseBootLog(text('V:BK7231N_1.0.1', 'J 0x10000', 'a', 'b', 'Main_Init_Before_Delay', 'c'), { baud: 115200 });
    assert.equal(diagnosis.boots, 1);
  });
});
