/**
 * --baud auto: listens at each likely rate in turn and keeps the first whose bytes read as text.
 * What arrives before the first line break at a new rate is left out of the score: it is the tail of
 * a line that started at the previous rate.
 */
import { concatBytes } from '../../formats/bytes.js';
import { READABLE_SCORE, scoreReadability, type Readability } from '../../formats/bootlog/readability.js';
import type { MonitorSource } from './source.js';

export interface Probe {
  baud: number;
  readability: Readability;
}

export interface AutoBaudResult {
  /** The readable rate, or undefined when none was. */
  baud?: number;
  probes: Probe[];
  /** Everything received at the chosen rate during its probe, with arrival times. */
  sample: Array<{ chunk: Uint8Array; atMs: number }>;
}

export interface AutoBaudOptions {
  rates: number[];
  /** How long to listen at each rate. */
  listenMs: number;
  /** Time origin for the sample's arrival times. */
  startedAt: number;
  signal?: AbortSignal;
  onProbe?: (probe: Probe) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

function afterFirstBreak(data: Uint8Array): Uint8Array {
  const lf = data.findIndex((byte) => byte === 0x0a || byte === 0x0d);
  return lf < 0 ? data : data.subarray(lf + 1);
}

export async function detectBaud(source: MonitorSource, options: AutoBaudOptions): Promise<AutoBaudResult> {
  const probes: Probe[] = [];
  for (const baud of options.rates) {
    if (options.signal?.aborted) break;
    await source.setBaudRate(baud);
    const sample: Array<{ chunk: Uint8Array; atMs: number }> = [];
    const stop = source.onData((chunk) => sample.push({ chunk: chunk.slice(), atMs: Date.now() - options.startedAt }));
    await sleep(options.listenMs, options.signal);
    stop();
    if (options.signal?.aborted) break; // an interrupted probe says nothing about its rate
    const readability = scoreReadability(afterFirstBreak(concatBytes(sample.map((s) => s.chunk))));
    const probe = { baud, readability };
    probes.push(probe);
    options.onProbe?.(probe);
    if (readability.score >= READABLE_SCORE) return { baud, probes, sample };
  }
  return { probes, sample: [] };
}
