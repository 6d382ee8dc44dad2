import { once } from 'node:events';
import { ExitCode } from '../exit-codes.js';
import { UserError } from '../errors.js';
import { recordJson } from './inspect-file.js';
import { countRecord, emptyTally, inspectCollection, tallySentence } from './inspect-stream.js';
import { recordNotes, recordRow, renderRows } from './render-many.js';

export interface InspectManyOptions {
  paths: string[];
  globs?: string[];
  jobs?: number;
  family?: string;
  json?: boolean;
}

/**
 * Writes lines to stdout, waiting while the reader is behind so that a slow pipe does not make output pile
 * up in memory. `write` says false once the reader has gone (`| head`): the run stops quietly.
 */
function lineWriter(): (text: string) => Promise<boolean> {
  let gone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    gone = true;
    process.stdout.emit('drain');
  });
  return async (text) => {
    if (!gone && !process.stdout.write(text + '\n')) await once(process.stdout, 'drain');
    return !gone;
  };
}

/**
 * `fwkit inspect` on several files or folders: JSON Lines as the records come (one per file, in walk
 * order), or a table of one row per file at the end. Exit code: 3 when any file could not be read,
 * else 1 when any file is not restorable or not recognised, else 0.
 */
export async function inspectMany(options: InspectManyOptions): Promise<number> {
  const tally = emptyTally();
  const rows: string[][] = [];
  const notes: string[] = [];
  const writeLine = lineWriter();
  for await (const { record } of inspectCollection({ roots: options.paths, globs: options.globs, jobs: options.jobs, family: options.family, progress: !options.json })) {
    countRecord(tally, record);
    if (options.json) {
      if (!(await writeLine(JSON.stringify(recordJson(record))))) return ExitCode.ok;
    } else {
      rows.push(recordRow(record));
      notes.push(...recordNotes(record));
    }
  }
  if (tally.files === 0) {
    const filter = options.globs?.length ? ` matching ${options.globs.join(', ')}` : '';
    throw new UserError(`no files found in ${options.paths.join(', ')}${filter}`);
  }
  if (!options.json) {
    process.stdout.write(renderRows(rows));
    if (notes.length) process.stdout.write(notes.join('\n') + '\n');
    process.stdout.write(tallySentence(tally) + '\n');
  }
  if (tally.unreadable) return ExitCode.badInput;
  return tally.notRestorable || tally.unknown ? ExitCode.negative : ExitCode.ok;
}
