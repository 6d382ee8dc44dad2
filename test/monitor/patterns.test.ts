import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLine } from '../../src/formats/bootlog/patterns.js';
import { diagnoseBootLog } from '../../src/formats/bootlog/analyzer.js';
import { splitCaptureStamp } from '../../src/formats/bootlog/capture-time.js';

const text = (...lines: string[]) => new TextEncoder().encode(lines.map((l) => `${l}\r\n`).join(''));

describe('boot log line meanings', () => {
  it('names the silicon from first-stage banners and the firmware build from the platform name', () => {
    assert.deepEqual(classifyLine('V:BK7231N_1.0.1'), { kind: 'boot-stage', bootChip: 'bk7231n' });
    assert.deepEqual(classifyLine('Booting BL602 Chip...'), { kind: 'boot-stage', bootChip: 'bl602' });
    assert.deepEqual(classifyLine('Info:MAIN:open AP OpenBK7231T_1A2B3C4D').firmware, { family: 'openbeken', chip: 'bk7231t' });
    assert.equal(classifyLine('Info:MAIN:Main_Init_Before_Delay').kind, 'firmware-start');
    assert.equal(classifyLine('Info:MAIN:Main_Init_Before_Delay done').kind, 'other');
    assert.equal(classifyLine('I [      0.012] LibreTiny v1.7.0 on generic-bk7231n-qfn32-tuya, compiled at Jan  1 2025').kind, 'boot-stage');
  });

  it('reads safe mode and its failure counter, and Wi-Fi start; ESPHome config lines are no safe mode', () => {
    const safe = classifyLine('Info:MAIN:###### safe mode activated - boot failures 5');
    assert.equal(safe.kind, 'safe-mode');
    assert.equal(safe.failedBoots, 5);
    assert.equal(classifyLine('Info:MAIN:[SAFE] Time 12, idle 100/s').kind, 'safe-mode');
    assert.equal(classifyLine('[C][safe_mode:079]: Safe Mode:').kind, 'other');
    assert.equal(classifyLine('[C][safe_mode:082]:   Invoke after 10 boot attempts').kind, 'other');
    assert.equal(classifyLine('Info:MAIN:Connecting to SSID [home]').kind, 'wifi-start');
    assert.equal(classifyLine('Info:MAIN:Time 12, idle 100/s').kind, 'other');
    assert.equal(classifyLine('Info:CFG:####### Boot Count 57 #######').bootCounter, 57);
  });

  it('reads reset reasons of the Beken SDK, Tuya and LibreTiny', () => {
    assert.deepEqual(classifyLine('bk_misc_init_start_type 8 ad03').resetCause, { cause: 'crash', detail: 'data abort' });
    assert.deepEqual(classifyLine('bk_misc_init_start_type 2 2').resetCause?.cause, 'watchdog');
    assert.deepEqual(classifyLine('[01-01 18:12:18 TUYA N][lr:0xaec1b] Last reset reason: 3').resetCause?.cause, 'watchdog');
    assert.deepEqual(classifyLine('[D][debug:111]: Reset Reason: Brownout').resetCause?.cause, 'brown-out');
    assert.equal(classifyLine('bk_misc_init_start_type 0 0').resetCause?.cause, 'power-on');
  });

  it('reads both CPU kinds of crash dump lines with their addresses', () => {
    assert.deepEqual(classifyLine('data abort').crash, { cpu: 'arm', exception: 'data abort', opens: true });
    assert.deepEqual(classifyLine('sp :0x00412e40 lr :0x0004c1d5 pc :0x0004c1e2').crash?.registers, { sp: '00412e40', lr: '0004c1d5', pc: '0004c1e2' });
    assert.equal(classifyLine('Exception Entry--->>>').crash?.cpu, 'riscv');
    assert.deepEqual(classifyLine('mcause 38000007, mepc 2300a1b4, mtval 00000004').crash?.registers, { mcause: '38000007', mepc: '2300a1b4', mtval: '00000004' });
    assert.equal(classifyLine('  msg: Store/AMO access fault').crash?.exception, 'Store/AMO access fault');
    // The Beken bootloader's start-up register lines are no dump.
    assert.equal(classifyLine('SVC:000000D3          00401C1C 000033AC').crash, undefined);
  });

  it('strips terminal capture stamps and keeps their times', () => {
    assert.deepEqual(splitCaptureStamp('[22:37:57.441] - Exception Entry--->>>'), { text: 'Exception Entry--->>>', atMs: 81477441 });
    assert.deepEqual(splitCaptureStamp('[    1.250] V:BK7231N_1.0.1'), { text: 'V:BK7231N_1.0.1', atMs: 1250 });
    assert.deepEqual(splitCaptureStamp('12:00:01.5 -> Info:MAIN:Time 1'), { text: 'Info:MAIN:Time 1', atMs: 43201500 });
    assert.deepEqual(splitCaptureStamp('[01-01 18:12:15 TUYA N][lr:0x58f75] mf_init succ').atMs, undefined);
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
