import cliProgress from 'cli-progress';
import type { JobHooks } from '../jobs/ports.js';
import { interruptSignal, trackedProgress } from './interrupt.js';

export interface TransferProgress {
  update(doneBytes: number, totalBytes: number): void;
  stop(): void;
}

const silent: TransferProgress = { update: () => {}, stop: () => {} };

/** A progress bar on stderr with KiB done, bytes/s and ETA; nothing with --json or without a terminal. */
export function transferProgress(label: string, quiet: boolean): TransferProgress {
  return trackedProgress(label, quiet || !process.stderr.isTTY ? silent : progressBar(label));
}

function progressBar(label: string): TransferProgress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(8)} [{bar}] {percentage}% | {kib}/{totalKib} KiB | {rate} B/s | ETA {eta_formatted}`,
      hideCursor: true,
      barsize: 30,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update(done, total) {
      const payload = { kib: Math.floor(done / 1024), totalKib: Math.floor(total / 1024), rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) };
      if (!running) {
        bar.start(total, done, payload);
        running = true;
      } else bar.update(done, payload);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

export interface CountProgress {
  tick(): void;
  stop(): void;
}

/** A progress bar on stderr counting files, with files/s and ETA; nothing with --json or without a terminal. */
export function fileProgress(label: string, total: number, quiet: boolean): CountProgress {
  if (quiet || !process.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(8)} [{bar}] {value}/{total} files | {rate} files/s | ETA {eta_formatted}`, hideCursor: true, barsize: 30, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: '0.0' });
  return {
    tick() {
      done++;
      bar.update(done, { rate: (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1) });
    },
    stop: () => bar.stop(),
  };
}

/** The jobs' hooks for the terminal: lines on stderr, progress bars unless --json. */
export function terminalHooks(json: boolean | undefined, say: (line: string) => void): JobHooks {
  return { say, progress: (label) => transferProgress(label, !!json), signal: interruptSignal() };
}
