/**
 * What a job needs from its face (the CLI, or the web page) passed in as interfaces: messages for the
 * user, progress bars, and where backups and the write journal are kept. Nothing here touches a file,
 * a process or a console.
 */
import type { BackupStore } from './backup-store.js';
import type { JournalStore } from './journal.js';

export interface ProgressSink {
  update(doneBytes: number, totalBytes: number): void;
  stop(): void;
}

/** Makes one progress display per transfer ("backup", "write", "verify", ...). */
export type ProgressFactory = (label: string) => ProgressSink;

/** One line for the user (notes, warnings, prompts to reset the device). */
export type Say = (line: string) => void;

export interface JobHooks {
  say: Say;
  progress: ProgressFactory;
  /** Aborted when the user stops the job (Ctrl-C, a Stop button): it stops at its next progress step. */
  signal?: AbortSignal;
}

/**
 * The user stopped a job. Thrown at a progress step, after a sector or block has been handled in
 * full, so the chip is between commands; says which transfer it was and how far it had come.
 */
export class JobInterrupted extends Error {
  constructor(
    readonly transfer: string,
    readonly doneBytes: number,
    readonly totalBytes: number,
  ) {
    super(`${transfer} interrupted after ${doneBytes} of ${totalBytes} bytes`);
    this.name = 'JobInterrupted';
  }
}

/** A progress display that also ends the transfer with JobInterrupted once `signal` is aborted. */
export function interruptible(sink: ProgressSink, transfer: string, signal: AbortSignal | undefined): ProgressSink {
  if (!signal) return sink;
  return {
    update(done, total) {
      sink.update(done, total);
      if (signal.aborted) throw new JobInterrupted(transfer, done, total);
    },
    stop: () => sink.stop(),
  };
}

/** Everything a write-like job needs besides the chip: hooks and the two stores. */
export interface WriteEnvironment extends JobHooks {
  backups: BackupStore;
  journal: JournalStore;
}

export const SILENT_PROGRESS: ProgressSink = { update: () => {}, stop: () => {} };

/** Runs `body` with a progress display that is stopped whatever happens. */
export async function withProgress<T>(hooks: JobHooks, label: string, body: (progress: ProgressSink) => Promise<T>): Promise<T> {
  const progress = interruptible(hooks.progress(label), label, hooks.signal);
  try {
    return await body(progress);
  } finally {
    progress.stop();
  }
}
