import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playBootLog } from '../../src/flash/emulator/log-player.js';
import { detectBaud } from '../../src/flash/monitor/auto-baud.js';
import { runMonitor } from '../../src/flash/monitor/session.js';
import { createMemoryPair } from '../../src/flash/transport.js';
import { bootLogScript } from '../../src/flash/emulator/boot-logs.js';
import { scenarioBytes } from './script-text.js';

describe('monitor session over an in-memory pair', () => {
  it('auto-baud skips the unreadable 115200 and keeps 2000000 for a BL602', async () => {
    const [device, host] = createMemoryPair();
    const player = playBootLog(device, { script: 'bl602-healthy', listenerBaud: () => host.baudRate, pace: 0.5 });
    const probes: number[] = [];
    const found = await detectBaud(host, { rates: [115200, 2000000, 921600], listenMs: 150, startedAt: Date.now(), onProbe: (p) => probes.push(p.baud) });
    player.stop();
    await player.done;
    assert.equal(found.baud, 2000000);
    assert.deepEqual(probes, [115200, 2000000]);
    assert.ok(found.sample.length > 0);
  });

  it('hands every byte to the log sink, lines to the text view, and a boot loop to the live findings', async () => {
    const [device, host] = createMemoryPair();
    const lines = bootLogScript('boot-loop').boot.length * 3;
    const received: Uint8Array[] = [];
    const texts: string[] = [];
    const live: string[] = [];
    const controller = new AbortController();
    const session = runMonitor(host, {
      baud: 115200,
      fallbackBaud: 115200,
      signal: controller.signal,
      onChunk: (chunk) => received.push(chunk),
      onLine: (line) => texts.push(line.text),
      onFinding: (finding) => live.push(finding.code),
    });
    await playBootLog(device, { script: 'boot-loop', listenerBaud: () => host.baudRate, maxLines: lines, pace: 0 }).done;
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const result = await session;
    assert.deepEqual(new Uint8Array(Buffer.concat(received)), scenarioBytes('boot-loop', lines));
    assert.equal(texts.length, lines);
    assert.equal(texts[1], 'V:BK7231N_1.0.1');
    assert.deepEqual(live, ['boot-loop']);
    assert.equal(result.stoppedBy, 'signal');
    assert.equal(result.diagnosis.boots, 3);
  });

  it('stops when the port closes', async () => {
    const [device, host] = createMemoryPair();
    const session = runMonitor(host, { baud: 115200, fallbackBaud: 115200 });
    await device.close();
    const result = await session;
    assert.equal(result.stoppedBy, 'port-closed');
    assert.equal(result.diagnosis.findings[0]!.code, 'silent');
  });

  it('says live when the port stays silent, and when only dots keep coming', async () => {
    const [device, host] = createMemoryPair();
    const controller = new AbortController();
    const live: string[] = [];
    let heard: () => void = () => {};
    const session = runMonitor(host, {
      baud: 115200,
      fallbackBaud: 115200,
      chip: 'bk7231n',
      signal: controller.signal,
      silenceHintMs: 20,
      onFinding: (finding) => {
        live.push(finding.code);
        heard();
      },
    });
    await new Promise<void>((resolve) => (heard = resolve));
    assert.deepEqual(live, ['silent']);
    await playBootLog(device, { script: 'uart1-dots', listenerBaud: () => host.baudRate, maxLines: 12, pace: 0 }).done;
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const result = await session;
    assert.deepEqual(live, ['silent', 'wrong-uart']);
    assert.deepEqual(result.diagnosis.findings.map((f) => f.code), ['wrong-uart']);
  });
});

describe('monitor session interrupted while probing', () => {
  it('Ctrl-C during auto-baud stops at once and keeps only the finished probes', async () => {
    const [, host] = createMemoryPair();
    const controller = new AbortController();
    const session = runMonitor(host, {
      baud: { auto: [115200, 2000000, 921600], listenMs: 60_000 },
      fallbackBaud: 115200,
      signal: controller.signal,
      onProbe: () => assert.fail('no probe finished'),
    });
    setImmediate(() => controller.abort());
    const result = await session;
    assert.equal(result.stoppedBy, 'signal');
    assert.deepEqual(result.probes, []);
    assert.equal(result.diagnosis.baud, 115200);
  });
});
