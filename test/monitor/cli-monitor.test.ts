import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootLogScript, type ScenarioName } from '../../src/flash/emulator/boot-logs.js';
import { openLogEmulator, type LogEmulatorOptions } from '../../src/flash/emulator/log-emulator.js';
import { cliPath, repoRoot } from '../support/paths.js';
import { scenarioBytes } from './script-text.js';

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startMonitor(args: string[]): Running {
  const child = spawn(process.execPath, [cliPath, 'monitor', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ready()` holds; fails with `what` after a generous limit (never a timing assertion). */
async function waitFor(ready: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Waits until the log file holds what the emulator sent, or stops growing for 3 s (a rate mismatch can turn
 * the bytes into fewer): a busy machine may not have written anything yet when the emulator is done.
 */
async function settled(path: string, expected: number): Promise<void> {
  let size = -1;
  let unchanged = 0;
  while (fileSize(path) < expected && unchanged < 20) {
    const now = fileSize(path);
    unchanged = now === size ? unchanged + 1 : 0;
    size = now;
    await sleep(150);
  }
}

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'fwkit-monitor-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Plays `lines` lines of a scenario to `fwkit monitor --json <args>`, stops it with Ctrl-C, returns its answer. */
async function monitorScenario(scenario: ScenarioName, lines: number, args: string[], play: Partial<LogEmulatorOptions> = {}) {
  const emulator = await openLogEmulator();
  const log = join(work, `${scenario}-${Math.random().toString(36).slice(2)}.log`);
  try {
    const monitor = startMonitor(['--port', emulator.hostPath, '--log', log, '--json', ...args]);
    await waitFor(() => monitor.stderr().includes('Listening on'), 'the monitor to listen');
    const player = emulator.start({ scenario, maxLines: lines, pace: 0.5, ...play });
    const sent = await player.done;
    await settled(log, sent.bytesSent);
    monitor.child.kill('SIGINT');
    const status = await monitor.exited;
    return { status, json: JSON.parse(monitor.stdout()), sent, log, stderr: monitor.stderr() };
  } finally {
    await emulator.close();
  }
}

const perBoot = (name: ScenarioName) => bootLogScript(name).boot.length;

describe('fwkit monitor against the emulator log mode', () => {
  it('a healthy boot: no finding, exit 0, and the log file holds exactly the bytes sent', async () => {
    const { status, json, sent, log } = await monitorScenario('healthy', 14, ['--chip', 'bk7231n']);
    assert.equal(status, 0);
    assert.equal(json.stoppedBy, 'signal');
    assert.equal(json.diagnosis.verdict, 'healthy');
    assert.deepEqual(json.diagnosis.findings, []);
    assert.equal(json.logPort.txPin, 'TX2 (P0)');
    const expected = scenarioBytes('healthy', 14);
    assert.equal(sent.bytesSent, expected.length);
    assert.deepEqual(new Uint8Array(readFileSync(log)), expected);
  });

  const cases: Array<[ScenarioName, number, string[], string[]]> = [
    ['boot-loop', perBoot('boot-loop') * 3, ['--chip', 'bk7231n'], ['boot-loop']],
    ['safe-mode', perBoot('safe-mode') + 3, ['--chip', 'bk7231n'], ['safe-mode']],
    ['uart1-dots', 6, ['--chip', 'bk7231n'], ['wrong-uart']],
    ['wifi-reset', perBoot('wifi-reset') * 3, [], ['brown-out']],
    ['wrong-firmware', perBoot('wrong-firmware') * 3, [], ['family-mismatch']],
  ];
  for (const [scenario, lines, args, codes] of cases) {
    it(`${scenario} is diagnosed as ${codes.join(' + ')} with exit 1`, async () => {
      const { status, json } = await monitorScenario(scenario, lines, args);
      assert.deepEqual(json.diagnosis.findings.map((f: { code: string }) => f.code), codes);
      assert.equal(json.diagnosis.verdict, 'fault');
      assert.equal(status, 1);
    });
  }

  it('a BL602 listened to at 115200 is the wrong baud', async () => {
    const { status, json } = await monitorScenario('bl602-healthy', 12, ['--chip', 'bl602', '--baud', '115200']);
    assert.deepEqual(json.diagnosis.findings.map((f: { code: string }) => f.code), ['wrong-baud']);
    assert.ok(json.diagnosis.bytes < scenarioBytes('bl602-healthy', 12).length / 10);
    assert.equal(status, 1);
  });

  it('--baud auto finds 2000000 for a BL602 and the log is healthy', async () => {
    const emulator = await openLogEmulator();
    try {
      const log = join(work, 'auto.log');
      const monitor = startMonitor(['--port', emulator.hostPath, '--baud', 'auto', '--listen', '800', '--log', log, '--json']);
      await waitFor(() => monitor.stderr().includes('Trying'), 'the monitor to start probing');
      const player = emulator.start({ scenario: 'bl602-healthy', pace: 1 });
      await waitFor(() => /Listening on .* at \d+ baud/.test(monitor.stderr()), 'a rate to be chosen');
      await sleep(300);
      monitor.child.kill('SIGINT');
      const status = await monitor.exited;
      await emulator.close();
      await player.done;
      const json = JSON.parse(monitor.stdout());
      assert.equal(json.baudRate, 2000000);
      assert.deepEqual(json.probes.map((p: { baud: number }) => p.baud), [115200, 2000000]);
      assert.ok(json.probes[0].readability.score < 0.9);
      // The boot banner went by during the 115200 probe; what follows at 2000000 reads cleanly.
      assert.ok(json.diagnosis.lines > 0);
      // The log holds what was received at the chosen rate, from the start of its probe: what was analysed.
      assert.equal(statSync(log).size, json.diagnosis.bytes);
      assert.equal(json.diagnosis.verdict, 'healthy');
      assert.equal(status, 0);
    } finally {
      await emulator.close();
    }
  });

  it('--baud auto reports garbage at every rate for a device sending at an unlisted rate', async () => {
    const emulator = await openLogEmulator();
    try {
      const monitor = startMonitor(['--port', emulator.hostPath, '--chip', 'bk7231n', '--baud', 'auto', '--listen', '300', '--json']);
      await waitFor(() => monitor.stderr().includes('Trying'), 'the monitor to start probing');
      const player = emulator.start({ scenario: 'healthy', baud: 74880, pace: 1 });
      await waitFor(() => monitor.stderr().includes('Listening on'), 'the probes to end');
      monitor.child.kill('SIGINT');
      const status = await monitor.exited;
      await emulator.close();
      await player.done;
      const json = JSON.parse(monitor.stdout());
      assert.deepEqual(json.diagnosis.findings.map((f: { code: string }) => f.code), ['garbage']);
      assert.match(json.diagnosis.findings[0].summary, /every rate tried \(115200, 921600, 2000000, 1500000, 460800, 230400, 57600, 9600\)/);
      assert.equal(json.baudRate, 115200);
      assert.equal(status, 1);
    } finally {
      await emulator.close();
    }
  });
});

describe('fwkit monitor views', () => {
  async function view(args: string[]) {
    const emulator = await openLogEmulator();
    try {
      const monitor = startMonitor(['--port', emulator.hostPath, '--chip', 'bk7231n', ...args]);
      await waitFor(() => monitor.stderr().includes('Listening on'), 'the monitor to listen');
      await emulator.start({ scenario: 'healthy', maxLines: 10, pace: 0.5 }).done;
      await waitFor(() => monitor.stdout().includes('got IP') || monitor.stdout().length >= scenarioBytes('healthy', 10).length, 'the lines');
      monitor.child.kill('SIGINT');
      return { status: await monitor.exited, stdout: monitor.stdout(), stderr: monitor.stderr() };
    } finally {
      await emulator.close();
    }
  }

  it('text view: timestamped lines, the wiring hint, and the summary after Ctrl-C', async () => {
    const { status, stdout, stderr } = await view([]);
    assert.equal(status, 0);
    assert.match(stdout, /^\[ +\d+\.\d{3}\] V:BK7231N_1\.0\.1$/m);
    assert.match(stdout, /verdict +│ healthy/);
    assert.match(stdout, /No problem found in the log\./);
    assert.match(stderr, /connect the adapter's RX to the chip's TX2 \(P0\), not the TX1 used for flashing/);
  });

  it('raw view: stdout carries exactly the device bytes, the summary goes to stderr', async () => {
    const { status, stdout, stderr } = await view(['--view', 'raw']);
    assert.equal(status, 0);
    assert.equal(stdout, Buffer.from(scenarioBytes('healthy', 10)).toString('latin1'));
    assert.match(stderr, /verdict +│ healthy/);
  });
});

describe('fwkit monitor when the device goes away', () => {
  it('ends with the summary when the port disappears (adapter unplugged)', async () => {
    const emulator = await openLogEmulator();
    const log = join(work, 'unplugged.log');
    const monitor = startMonitor(['--port', emulator.hostPath, '--chip', 'bk7231n', '--log', log, '--json']);
    try {
      await waitFor(() => monitor.stderr().includes('Listening on'), 'the monitor to listen');
      const { bytesSent } = await emulator.start({ scenario: 'healthy', maxLines: 10, pace: 0.5 }).done;
      // Unplug only once the monitor has taken everything in (a hang-up discards unread input).
      await waitFor(() => fileSize(log) === bytesSent, 'the monitor to receive the log');
    } finally {
      await emulator.close();
    }
    const status = await monitor.exited;
    const json = JSON.parse(monitor.stdout());
    assert.equal(json.stoppedBy, 'port-closed');
    assert.equal(json.diagnosis.chipFromBootBanner, 'bk7231n');
    assert.equal(status, 0);
  });
});

describe('fwkit monitor refusals', () => {
  it('will not overwrite an existing log file', async () => {
    const emulator = await openLogEmulator();
    try {
      const log = join(work, 'existing.log');
      writeFileSync(log, 'keep me');
      const monitor = startMonitor(['--port', emulator.hostPath, '--log', log, '--duration', '1']);
      assert.equal(await monitor.exited, 5);
      assert.match(monitor.stderr(), /existing\.log: already exists.*--overwrite/);
      assert.equal(readFileSync(log, 'utf8'), 'keep me');
    } finally {
      await emulator.close();
    }
  });

  it('a port that does not exist is one sentence and exit 4', async () => {
    const monitor = startMonitor(['--port', join(work, 'no-such-tty'), '--duration', '1']);
    assert.equal(await monitor.exited, 4);
    assert.match(monitor.stderr(), /no-such-tty: no such serial port; check --port/);
    assert.doesNotMatch(monitor.stderr(), /\n\s+at /);
  });

  it('a bad --baud is a usage error', async () => {
    const monitor = startMonitor(['--port', '/dev/null', '--baud', 'fast']);
    assert.equal(await monitor.exited, 2);
    assert.match(monitor.stderr(), /--baud fast: not a number; give a rate in baud/);
  });
});

describe('fwkit emulate --log with fwkit monitor, both from the CLI', () => {
  it('the wrong-firmware scenario is diagnosed as a chip mismatch in a boot loop', async () => {
    const emulator = spawn(process.execPath, [cliPath, 'emulate', '--log', 'wrong-firmware', '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const emulatorExit = new Promise<number | null>((resolve) => emulator.on('exit', (code) => resolve(code)));
    try {
      let announced = '';
      emulator.stdout!.setEncoding('utf8').on('data', (text: string) => (announced += text));
      await waitFor(() => announced.trim().endsWith('}'), 'the emulator to announce its port');
      const { port, family, baudRate } = JSON.parse(announced);
      assert.equal(family, 'BK7231N');
      assert.equal(baudRate, 115200);
      const monitor = startMonitor(['--port', port, '--chip', 'bk7231n', '--duration', '1.5', '--json']);
      const status = await monitor.exited;
      const json = JSON.parse(monitor.stdout());
      assert.equal(json.stoppedBy, 'duration');
      assert.deepEqual(json.diagnosis.findings.map((f: { code: string }) => f.code), ['family-mismatch']);
      assert.match(json.diagnosis.findings[0].summary, /The device restarts: \d+ boots seen/);
      assert.equal(json.diagnosis.chipFromFirmware, 'bk7231t');
      assert.equal(status, 1);
    } finally {
      emulator.kill('SIGINT');
      assert.equal(await emulatorExit, 0);
    }
  });
});
