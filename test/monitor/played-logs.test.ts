/**
 * Every real log (../shared/logs) and every fixture log (test/monitor/logs) through `fwkit log` and
 * through `fwkit monitor` over a pseudo-terminal, played by the emulator at the wire speed of the
 * chip's log rate: the diagnosis matches the expert's label, and no readable log is called garbage,
 * a wrong baud or a wrong UART.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLogEmulator } from '../../src/flash/emulator/log-emulator.js';
import { recordingFromBytes, type RecordedLog } from '../../src/flash/emulator/log-recording.js';
import { receiveAtRate } from '../../src/flash/emulator/uart-line.js';
import { runCliJson } from '../support/cli.js';
import { cliPath, corpusRoot, repoRoot } from '../support/paths.js';

interface Labelled { file: string; path: string; label: string; codes?: string[]; summary?: string }

function entriesOf(dir: string): Labelled[] {
  const index = join(dir, 'expected.json');
  if (!existsSync(index)) return [];
  const { entries } = JSON.parse(readFileSync(index, 'utf8')) as { entries: Array<Omit<Labelled, 'path'>> };
  return entries.map((entry) => ({ ...entry, path: join(dir, entry.file) }));
}

const logs = [...entriesOf(resolve(corpusRoot, '../logs')), ...entriesOf(join(repoRoot, 'test/monitor/logs'))];
const SIGNAL_FAULTS = ['garbage', 'wrong-baud', 'wrong-uart', 'silent'];

interface Finding { code: string; summary: string; evidence: Array<{ line: number; atMs?: number; text: string }> }
interface Diagnosis { label: string; verdict: string; findings: Finding[]; bytes: number }

/** `live`: times are arrival times at wire speed, so a period taken from capture stamps is not compared. */
function checkDiagnosis(diagnosis: Diagnosis, entry: Labelled, live = false): void {
  assert.equal(diagnosis.label, entry.label);
  const codes = diagnosis.findings.map((f) => f.code);
  assert.ok(!codes.some((code) => SIGNAL_FAULTS.includes(code)), `a readable log is not judged a signal fault: ${codes}`);
  if (entry.codes) assert.deepEqual(codes.filter((code) => code !== 'wifi-reset' || entry.codes!.includes(code)), entry.codes);
  const withoutPeriod = (text: string) => (live ? text.replace(/, one every [\d.]+ m?s/, '') : text);
  if (entry.summary) {
    const top = diagnosis.findings[0]!.summary;
    assert.ok(withoutPeriod(top).includes(withoutPeriod(entry.summary)), top);
  }
  for (const finding of diagnosis.findings) {
    if (!['wifi-reset', 'failed-boots', 'boot-counter-high'].includes(finding.code)) assert.ok(finding.evidence.length > 0, `${finding.code} quotes its lines`);
  }
}

describe('fwkit log over every real and fixture log', () => {
  for (const entry of logs) {
    it(`${entry.file}: ${entry.label}`, () => {
      const { status, json } = runCliJson<{ diagnosis: Diagnosis }>(['log', entry.path]);
      checkDiagnosis(json.diagnosis, entry);
      assert.equal(status, json.diagnosis.verdict === 'fault' ? 1 : 0);
    });
  }
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function waitFor(ready: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'fwkit-played-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Plays a recording to `fwkit monitor --json <args>` through a pseudo-terminal; stops the monitor once all arrived. */
async function monitorRecording(recording: RecordedLog, args: string[], options: { sendBaud?: number } = {}) {
  const emulator = await openLogEmulator();
  const log = join(work, `${Math.random().toString(36).slice(2)}.log`);
  try {
    const child = spawn(process.execPath, [cliPath, 'monitor', '--port', emulator.hostPath, '--log', log, '--json', ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await waitFor(() => stderr.includes('Listening on'), 'the monitor to listen');
    const sent = await emulator.start({ scenario: recording, baud: options.sendBaud }).done;
    // Everything the monitor will get has arrived once its log file stops growing.
    let size = -1;
    while (sizeOf(log) !== size) {
      size = sizeOf(log);
      await sleep(200);
    }
    child.kill('SIGINT');
    const status = await exited;
    return { status, json: JSON.parse(stdout) as { diagnosis: Diagnosis; baudRate: number }, sent, logBytes: readFileSync(log) };
  } finally {
    await emulator.close();
  }
}

describe('fwkit monitor over a pseudo-terminal, every real and fixture log played at wire speed', () => {
  for (const entry of logs) {
    it(`${entry.file}: ${entry.label}`, async () => {
      const recording = recordingFromBytes(entry.file, readFileSync(entry.path), { pace: 'wire' });
      const { status, json, sent, logBytes } = await monitorRecording(recording, ['--baud', String(recording.baud)]);
      assert.equal(json.baudRate, recording.baud);
      // The device's bytes arrive unchanged (capture stamps are the terminal's, not the device's).
      assert.equal(logBytes.length, sent.bytesSent);
      assert.equal(sent.lines, recording.pieces.length);
      checkDiagnosis(json.diagnosis, entry, true);
      assert.equal(status, json.diagnosis.verdict === 'fault' ? 1 : 0);
    });
  }
});

describe('a BL602 heard at the wrong baud', () => {
  const bl602 = logs.find((entry) => entry.file === 'bl602_obk_healthy_boot.txt')!;

  it('is named by chip when the chip is known', async () => {
    const recording = recordingFromBytes(bl602.file, readFileSync(bl602.path), { pace: 'wire' });
    assert.equal(recording.baud, 2000000);
    const { status, json } = await monitorRecording(recording, ['--baud', '115200', '--chip', 'bl602']);
    assert.deepEqual(json.diagnosis.findings.map((f) => f.code), ['wrong-baud']);
    assert.match(json.diagnosis.findings[0]!.summary, /at 115,200 baud: this is a BL602: its log runs at 2,000,000 baud/);
    assert.equal(status, 1);
  });

  it('is named as the probable sender when the chip is not given', async () => {
    const recording = recordingFromBytes(bl602.file, readFileSync(bl602.path), { pace: 'wire' });
    const { json } = await monitorRecording(recording, ['--baud', '115200']);
    assert.deepEqual(json.diagnosis.findings.map((f) => f.code), ['wrong-baud']);
    assert.match(json.diagnosis.findings[0]!.summary, /probably a Bouffalo chip \(BL602, BL702 or BL616\/BL618\), whose log runs at 2,000,000 baud/);
  });

  it('and a saved capture of that noise read by fwkit log says the same', () => {
    const noise = join(work, 'bl602-at-115200.bin');
    writeFileSync(noise, receiveAtRate(readFileSync(bl602.path), 2000000, 115200));
    const known = runCliJson<{ diagnosis: Diagnosis }>(['log', noise, '--chip', 'bl602', '--baud', '115200']);
    assert.match(known.json.diagnosis.findings[0]!.summary, /at 115,200 baud: this is a BL602: its log runs at 2,000,000 baud/);
    assert.equal(known.json.diagnosis.label, 'unknown');
    assert.equal(known.status, 1);
    const guessed = runCliJson<{ diagnosis: Diagnosis }>(['log', noise]);
    assert.match(guessed.json.diagnosis.findings[0]!.summary, /in this capture: .*probably a Bouffalo chip \(BL602, BL702 or BL616\/BL618\)/);
  });
});
