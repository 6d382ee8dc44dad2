import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BootLogAnalyzer, diagnoseBootLog } from '../../src/formats/bootlog/analyzer.js';
import { bootLogScript } from '../../src/flash/emulator/boot-logs.js';
import { receiveAtRate } from '../../src/flash/emulator/uart-line.js';
import { scenarioBytes } from './script-text.js';
import { renderFinding } from '../../src/commands/monitor-render.js';

const codes = (data: Uint8Array, context: Parameters<typeof diagnoseBootLog>[1]) =>
  diagnoseBootLog(data, context).findings.map((f) => f.code);

describe('boot log diagnosis of the scripted scenarios', () => {
  it('a healthy BK7231N boot has no finding and names the chip from both banners', () => {
    const diagnosis = diagnoseBootLog(scenarioBytes('healthy', 30), { baud: 115200, chip: 'bk7231n' });
    assert.equal(diagnosis.verdict, 'healthy');
    assert.deepEqual(diagnosis.findings, []);
    assert.equal(diagnosis.boots, 1);
    assert.equal(diagnosis.chipFromBootBanner, 'bk7231n');
    assert.equal(diagnosis.chipFromFirmware, 'bk7231n');
    assert.deepEqual(diagnosis.bootCounter, { first: 1, last: 1 });
  });

  it('a boot loop is found from repeated banners and a rising counter', () => {
    const perBoot = bootLogScript('boot-loop').boot.length;
    const diagnosis = diagnoseBootLog(scenarioBytes('boot-loop', perBoot * 4), { baud: 115200 });
    assert.equal(diagnosis.verdict, 'fault');
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['boot-loop']);
    assert.equal(diagnosis.boots, 4);
    assert.deepEqual(diagnosis.bootCounter, { first: 1, last: 4 });
    assert.match(diagnosis.findings[0]!.summary, /4 boots seen.*boot counter rises/);
  });

  it('two boots with a rising counter already count as a loop, one boot does not', () => {
    const perBoot = bootLogScript('boot-loop').boot.length;
    assert.deepEqual(codes(scenarioBytes('boot-loop', perBoot * 2), { baud: 115200 }), ['boot-loop']);
    assert.deepEqual(codes(scenarioBytes('boot-loop', perBoot), { baud: 115200 }), []);
  });

  it('safe mode is reported', () => {
    assert.deepEqual(codes(scenarioBytes('safe-mode', 20), { baud: 115200 }), ['safe-mode']);
  });

  it('dots on UART1 mean the wrong port, with the TX2 advice for Beken', () => {
    const diagnosis = diagnoseBootLog(scenarioBytes('uart1-dots', 10), { baud: 115200, chip: 'bk7231n' });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['wrong-uart']);
    assert.match(diagnosis.findings[0]!.nextStep, /TX2/);
  });

  it('a port that shows only the Beken bootloader banner is the download port', () => {
    const text = new TextEncoder().encode('\r\nV:BK7231N_1.0.1\r\nREG:cpsr spsr\r\nJ 0x10000\r\n');
    const diagnosis = diagnoseBootLog(text, { baud: 115200 });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['wrong-uart']);
    assert.match(diagnosis.findings[0]!.summary, /bootloader messages/);
  });

  it('a Beken bootloader banner that keeps repeating is a boot loop, not the download port', () => {
    const boot = '\r\nV:BK7231N_1.0.1\r\nREG:cpsr spsr\r\nJ 0x10000\r\n';
    const diagnosis = diagnoseBootLog(new TextEncoder().encode(boot.repeat(3)), { baud: 115200 });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['boot-loop']);
    assert.equal(diagnosis.label, 'boot-loop');
  });

  it('a finding is rendered with the lines that show it, their times and line numbers', () => {
    const analyzer = new BootLogAnalyzer({ baud: 115200 });
    const dump = 'Info:MAIN:Main_Init_After_Delay\r\ndata abort\r\nsp :0x0041f650 lr :0x0005b3d9 pc :0x0005b3e6\r\n';
    analyzer.push(new TextEncoder().encode(dump), 2500);
    const [crash] = analyzer.diagnose().findings;
    assert.equal(crash!.summary, 'The firmware crashed: ARM data abort at pc 0x0005b3e6, called from lr 0x0005b3d9.');
    const text = renderFinding(crash!);
    assert.match(text, /^FAULT \(crash\): /);
    assert.match(text, /\n  seen in:\n    \[ +2\.500\] line 2: data abort\n    \[ +2\.500\] line 3: sp :0x0041f650 lr :0x0005b3d9 pc :0x0005b3e6\n/);
    assert.match(text, /addr2line -e firmware\.elf 0x0005b3e6/);
  });

  it('resets right after Wi-Fi starts point at power', () => {
    const perBoot = bootLogScript('wifi-reset').boot.length;
    const diagnosis = diagnoseBootLog(scenarioBytes('wifi-reset', perBoot * 3), { baud: 115200 });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['brown-out']);
    assert.equal(diagnosis.label, 'boot-loop');
    assert.match(diagnosis.findings[0]!.nextStep, /500 mA/);
  });

  it('a bootloader and firmware naming different chips is a family mismatch', () => {
    const perBoot = bootLogScript('wrong-firmware').boot.length;
    const diagnosis = diagnoseBootLog(scenarioBytes('wrong-firmware', perBoot * 3), { baud: 115200 });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['family-mismatch']);
    assert.match(diagnosis.findings[0]!.summary, /BK7231N but the firmware was built for BK7231T.*3 boots seen/);
    assert.match(diagnosis.findings[0]!.nextStep, /a BL602 board cannot run BK7231 firmware/);
  });

  it('--chip of the other family than the banner is a mismatch', () => {
    const diagnosis = diagnoseBootLog(scenarioBytes('bl602-healthy', 12), { baud: 2000000, chip: 'bk7231n' });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['family-mismatch']);
    assert.match(diagnosis.findings[0]!.summary, /BK7231N but the log names BL602/);
  });

  it('a BL602 heard at 115200 is diagnosed as the wrong baud', () => {
    const wire = receiveAtRate(scenarioBytes('bl602-healthy', 12), 2000000, 115200);
    const diagnosis = diagnoseBootLog(wire, { baud: 115200, chip: 'bl602' });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['wrong-baud']);
    assert.match(diagnosis.findings[0]!.nextStep, /--baud 2000000/);
  });

  it('garbage at one rate, and at every probed rate, suggests baud or level/ground trouble', () => {
    const wire = receiveAtRate(scenarioBytes('healthy', 30), 115200, 57600);
    assert.ok(wire.length >= 64, 'the slower receiver still produces bytes');
    assert.deepEqual(codes(wire, { baud: 115200, chip: 'bk7231n' }), ['garbage']);
    const named = diagnoseBootLog(wire, { baud: 57600, chip: 'bk7231n' }).findings;
    assert.deepEqual(named.map((f) => f.code), ['wrong-baud']);
    assert.match(named[0]!.summary, /at 57,600 baud: this is a BK7231N: its log runs at 115,200 baud/);
    const noise = { bytes: 200, printable: 0.3, dots: 0, lines: 0, slowSender: 0, score: 0.3 };
    const probes = [115200, 921600, 2000000].map((baud) => ({ baud, readability: noise }));
    const diagnosis = diagnoseBootLog(wire, { baud: 115200, probes });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['garbage']);
    assert.match(diagnosis.findings[0]!.summary, /every rate tried \(115200, 921600, 2000000\)/);
    // Noise at the rates tried, silence at the only one left: the sender is named, not the wires blamed.
    const quiet = { ...noise, bytes: 0 };
    const missed = diagnoseBootLog(wire, { baud: 115200, chip: 'bl602', probes: [{ baud: 115200, readability: noise }, { baud: 2000000, readability: quiet }] });
    assert.deepEqual(missed.findings.map((f) => f.code), ['wrong-baud']);
    assert.match(missed.findings[0]!.summary, /this is a BL602: its log runs at 2,000,000 baud/);
    assert.match(diagnosis.findings[0]!.likelyCauses.join(' '), /ground/);
  });

  it('silence is its own finding', () => {
    assert.deepEqual(codes(new Uint8Array(0), { baud: 115200, chip: 'bk7231n' }), ['silent']);
  });

  it('a high boot counter is a warning, not a fault', () => {
    const text = new TextEncoder().encode('Info:MAIN:OpenBK7231N version 1\r\nInfo:MAIN:Boot count 4711\r\nInfo:MAIN:Time 5\r\n');
    const diagnosis = diagnoseBootLog(text, { baud: 115200 });
    assert.deepEqual(diagnosis.findings.map((f) => [f.code, f.severity]), [['boot-counter-high', 'warning']]);
    assert.equal(diagnosis.verdict, 'healthy');
  });

  it('reports the boot period from arrival times when fed incrementally', () => {
    const analyzer = new BootLogAnalyzer({ baud: 115200 });
    const boot = new TextEncoder().encode('V:BK7231N_1.0.1\r\nInfo:MAIN:OpenBK7231N\r\ncrash\r\n');
    for (let i = 0; i < 3; i++) analyzer.push(boot, i * 1500);
    assert.match(analyzer.diagnose().findings[0]!.summary, /one every 1\.5 s/);
  });
});
