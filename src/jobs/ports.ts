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
}

/** Everything a write-like job needs besides the chip: hooks and the two stores. */
export interface WriteEnvironment extends JobHooks {
  backups: BackupStore;
  journal: JournalStore;
}

export const SILENT_PROGRESS: ProgressSink = { update: () => {}, stop: () => {} };

/** Runs `body` with a progress display that is stopped whatever happens. */
export async function withProgress<T>(hooks: JobHooks, label: string, body: (progress: ProgressSink) => Promise<T>): Promise<T> {
  const progress = hooks.progress(label);
  try {
    return await body(progress);
  } finally {
    progress.stop();
  }
}
