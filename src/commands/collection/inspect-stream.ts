import { availableParallelism } from 'node:os';
import { ExitCode } from '../exit-codes.js';
import { UserError } from '../errors.js';
import { fileProgress } from '../progress.js';
import { isUnreadable, type FileRecord, type FileTask } from './inspect-file.js';
import { orderedPool } from './pool.js';
import { countFiles, walkFiles, type FoundFile, type WalkOptions } from './walk.js';

export interface CollectionOptions extends WalkOptions {
  roots: string[];
  /** Worker threads; one per core when not given. */
  jobs?: number;
  /** The chip the user expects (`--family`). */
  family?: string;
  /** Show the progress bar (on a terminal only). */
  progress: boolean;
}

/** A collection's record with where the walk found it. */
export interface CollectedFile {
  found: FoundFile;
  record: FileRecord;
}

const workerUrl = new URL('./inspect-worker.js', import.meta.url);

export function defaultJobs(): number {
  return availableParallelism();
}

/** `--jobs`: a whole number from 1 up, or a usage error. */
export function checkJobs(jobs: number | undefined): number {
  if (jobs === undefined) return defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs must be a whole number of 1 or more, not ${jobs}`, ExitCode.usage);
  return jobs;
}

/**
 * Inspects every file under the roots on worker threads and yields the records in walk order
 * (sorted, independent of --jobs). Files are read by the workers, a bounded window at a time.
 */
export async function* inspectCollection(options: CollectionOptions): AsyncGenerator<CollectedFile> {
  const walk = { globs: options.globs, skip: options.skip };
  const total = options.progress && process.stderr.isTTY ? await countFiles(options.roots, walk) : 0;
  const progress = fileProgress('inspect', total, !options.progress);
  const found: FoundFile[] = [];
  async function* tasks(): AsyncGenerator<FileTask> {
    for await (const file of walkFiles(options.roots, walk)) {
      found.push(file);
      yield { path: file.path, ...(file.error ? { error: file.error } : {}), ...(options.family ? { family: options.family } : {}) };
    }
  }
  const records = orderedPool<FileTask, FileRecord>(tasks(), {
    workerUrl,
    jobs: checkJobs(options.jobs),
    onWorkerDeath: (task, error) => ({ file: task.path, error: `${task.path}: inspecting it stopped its worker thread (${error.message})`, exitCode: 70 }),
  });
  try {
    for await (const record of records) {
      progress.tick();
      yield { found: found.shift() as FoundFile, record };
    }
  } finally {
    progress.stop();
  }
}

/** Counts that decide a collection's exit code and summary line. */
export interface CollectionTally {
  files: number;
  restorable: number;
  notRestorable: number;
  unknown: number;
  unreadable: number;
}

export function emptyTally(): CollectionTally {
  return { files: 0, restorable: 0, notRestorable: 0, unknown: 0, unreadable: 0 };
}

export function countRecord(tally: CollectionTally, record: FileRecord): void {
  tally.files++;
  if (isUnreadable(record)) tally.unreadable++;
  else if (record.report.kind === 'unknown') tally.unknown++;
  else if (record.report.verdict.restorable) tally.restorable++;
  else tally.notRestorable++;
}

export function tallySentence(t: CollectionTally): string {
  return `${t.files} files: ${t.restorable} restorable, ${t.notRestorable} not restorable, ${t.unknown} not recognised, ${t.unreadable} unreadable`;
}
