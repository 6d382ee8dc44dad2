/**
 * Runs callbacks at precise moments (sub-millisecond): timers for the coarse part of a wait, then
 * setImmediate turns for the last stretch, because setTimeout alone rounds to whole milliseconds
 * and a 4 KiB frame at 2 Mbaud lasts only 20 ms.
 */
import { performance } from 'node:perf_hooks';

export function now(): number {
  return performance.now();
}

const SPIN_MS = 2;

export function runAt(time: number, callback: () => void): void {
  const wait = time - now();
  if (wait <= 0) {
    setImmediate(callback);
  } else if (wait > SPIN_MS) {
    setTimeout(() => runAt(time, callback), wait - SPIN_MS);
  } else {
    const spin = () => (now() >= time ? callback() : setImmediate(spin));
    setImmediate(spin);
  }
}
