/**
 * A monitor session: listens on the log port (after finding the rate, with --baud auto), hands every
 * chunk to the raw view and the log file and every line to the text view, keeps a running diagnosis
 * and reports each new finding as it appears, until stopped, timed out, or the port closes.
 */
import { BootLogAnalyzer, type Diagnosis } from '../../formats/bootlog/analyzer.js';
import type { Finding } from '../../formats/bootlog/findings.js';
import { LineSplitter, type TimedLine } from '../../formats/bootlog/lines.js';
import type { ChipFamily, ChipName } from '../../formats/bootlog/log-ports.js';
import { detectBaud, type Probe } from './auto-baud.js';
import type { MonitorSource } from './source.js';

export interface MonitorOptions {
  /** A fixed rate, or the rates to try in order for auto. */
  baud: number | { auto: number[]; listenMs: number };
  /** The rate to stay at when auto finds no readable rate. */
  fallbackBaud: number;
  chip?: ChipName | ChipFamily;
  /** Stop after this long (default: until the signal aborts or the port closes). */
  durationMs?: number;
  signal?: AbortSignal;
  onProbe?: (probe: Probe) => void;
  /** Called once the rate is settled, before data flows to the views. */
  onListening?: (baud: number) => void;
  onChunk?: (chunk: Uint8Array, atMs: number) => void;
  onLine?: (line: TimedLine) => void;
  onFinding?: (finding: Finding) => void;
  /** How long a silent port waits before the live "nothing arrived" hint (default 5 s). */
  silenceHintMs?: number;
}

export interface MonitorResult {
  diagnosis: Diagnosis;
  probes?: Probe[];
  stoppedBy: 'signal' | 'duration' | 'port-closed';
  durationMs: number;
}

export async function runMonitor(source: MonitorSource, options: MonitorOptions): Promise<MonitorResult> {
  const startedAt = Date.now();
  let closed = false;
  let wakeOnClose: () => void = () => {};
  // Probing stops early on Ctrl-C or when the port goes away.
  const probing = new AbortController();
  options.signal?.addEventListener('abort', () => probing.abort(), { once: true });
  if (options.signal?.aborted) probing.abort();
  source.onClose(() => {
    closed = true;
    probing.abort();
    wakeOnClose();
  });

  let baud: number;
  let probes: Probe[] | undefined;
  let sample: Array<{ chunk: Uint8Array; atMs: number }> = [];
  if (typeof options.baud === 'number') {
    baud = options.baud;
    if (source.baudRate !== baud) await source.setBaudRate(baud);
  } else {
    const found = await detectBaud(source, {
      rates: options.baud.auto,
      listenMs: options.baud.listenMs,
      startedAt,
      signal: probing.signal,
      onProbe: options.onProbe,
    });
    probes = found.probes;
    sample = found.sample;
    baud = found.baud ?? options.fallbackBaud;
    if (!closed && source.baudRate !== baud) await source.setBaudRate(baud);
  }

  const analyzer = new BootLogAnalyzer({ baud, chip: options.chip, probes });
  const splitter = new LineSplitter();
  const reported = new Set<string>();
  const take = (chunk: Uint8Array, atMs: number) => {
    options.onChunk?.(chunk, atMs);
    analyzer.push(chunk, atMs);
    for (const line of splitter.push(chunk, atMs)) options.onLine?.(line);
    const diagnosis = analyzer.diagnose();
    reportNew(diagnosis.findings, diagnosis.bytes);
  };
  // Faults of the signal itself (noise, dots) are only reported live once the sample is large enough.
  const reportNew = (findings: Finding[], bytes: number) => {
    for (const finding of findings) {
      if (reported.has(finding.code) || (SIGNAL_FINDINGS.has(finding.code) && bytes < LIVE_SIGNAL_BYTES)) continue;
      reported.add(finding.code);
      options.onFinding?.(finding);
    }
  };

  options.onListening?.(baud);
  for (const { chunk, atMs } of sample) take(chunk, atMs);
  const stopListening = source.onData((chunk) => take(chunk, Date.now() - startedAt));
  // Silence is worth saying while it lasts, not only at the end.
  const silenceCheck = setInterval(() => {
    const diagnosis = analyzer.diagnose();
    if (diagnosis.bytes === 0) reportNew(diagnosis.findings, LIVE_SIGNAL_BYTES);
  }, options.silenceHintMs ?? SILENCE_HINT_MS);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const stoppedBy = await new Promise<MonitorResult['stoppedBy']>((resolve) => {
    if (closed) return resolve('port-closed');
    if (options.signal?.aborted) return resolve('signal');
    if (options.durationMs !== undefined) timer = setTimeout(() => resolve('duration'), options.durationMs);
    options.signal?.addEventListener('abort', () => resolve('signal'), { once: true });
    wakeOnClose = () => resolve('port-closed');
  });
  clearTimeout(timer);
  clearInterval(silenceCheck);
  stopListening();
  analyzer.flush();
  for (const line of splitter.flush()) options.onLine?.(line);
  const result: MonitorResult = { diagnosis: analyzer.diagnose(), stoppedBy, durationMs: Date.now() - startedAt };
  if (probes) result.probes = probes;
  return result;
}

const SIGNAL_FINDINGS = new Set(['silent', 'garbage', 'wrong-baud', 'wrong-uart']);
/** Bytes needed before noise or dots are called out live. */
const LIVE_SIGNAL_BYTES = 512;
const SILENCE_HINT_MS = 5000;
