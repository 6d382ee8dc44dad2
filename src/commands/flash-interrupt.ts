/** What each flash verb says when Ctrl-C stopped it: what was done, what remains, the command to go on. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hex } from '../jobs/job-error.js';
import type { WriteJournal } from '../jobs/journal.js';
import { amount, sameCommand, type InterruptState, type Summarize } from './interrupt.js';
import { defaultBackupDir } from './storage/data-dir.js';
import { fileJournalStore } from './storage/file-stores.js';

const progressOf = ({ stopped }: InterruptState) => (stopped ? `${amount(stopped.doneBytes)} of ${amount(stopped.totalBytes)}` : '');

/** `flash read`: Beken keeps whole checked blocks in <out>.partial; Bouffalo keeps nothing. */
export function readSummary(args: { out: string; offset: number }): Summarize {
  return (state) => {
    const partial = `${args.out}.partial`;
    if (!state.begun.includes('read')) return `the read had not begun; nothing was read and ${args.out} was not written`;
    const kept = existsSync(partial) ? statSync(partial).size : 0;
    const total = state.stopped?.totalBytes;
    if (existsSync(partial) && total !== undefined) {
      const end = args.offset + total;
      const done = kept ? `read ${hex(args.offset)}–${hex(args.offset + kept - 1)} (${amount(kept)} of ${amount(total)}) into ${partial}` : `nothing was kept yet in ${partial}`;
      return `${done}; ${hex(args.offset + kept)}–${hex(end - 1)} not read; continue with \`${sameCommand({ resume: true })}\``;
    }
    if (existsSync(partial)) return `what was read so far is kept in ${partial}; continue with \`${sameCommand({ resume: true })}\``;
    return `read ${progressOf(state)}; nothing was saved (${args.out} was not written): run \`${sameCommand()}\` again`;
  };
}

/** Read at once: the summary may be needed in a signal handler, with no time to wait. */
function journalIn(dir: string): WriteJournal | null {
  try {
    return JSON.parse(readFileSync(fileJournalStore(dir).where, 'utf8')) as WriteJournal;
  } catch {
    return null;
  }
}

/** `flash write` and `flash restore`: the journal (saved before the first byte is written) says what and where. */
export function writeSummary(args: { file: string; backupDir?: string }): Summarize {
  return (state) => {
    const journal = journalIn(args.backupDir ?? defaultBackupDir());
    const resume = `\`${sameCommand({ resume: true })}\``;
    if (state.stopped?.transfer === 'write' && journal) {
      const range = `${hex(journal.address)}–${hex(journal.address + journal.length - 1)}`;
      return (
        `wrote ${progressOf(state)} of ${args.file} into ${range} (written or found identical, from the start of the range); ` +
        `the rest is not written and the chip now holds a partial image: finish it with ${resume}${journal.backup ? ` (the backup from before: ${journal.backup})` : ''}`
      );
    }
    if (state.begun.includes('write') || journal) {
      return `the write of ${args.file} was not finished or not checked; the chip may hold a partial image: finish it with ${resume}`;
    }
    if (state.stopped?.transfer === 'backup') return `backed up ${progressOf(state)} of the flash before the write; nothing was written and the flash is unchanged (no backup was kept): run \`${sameCommand()}\` again`;
    return `nothing was written; the flash is unchanged`;
  };
}

/** `flash erase`: the erased part stays erased; a second run skips it. */
export const eraseSummary: Summarize = (state) => {
  if (!state.stopped) return state.begun.includes('erase') ? `the erase was not finished: run \`${sameCommand()}\` again` : 'the erase had not begun; nothing was erased';
  return `erased ${progressOf(state)} of the range, from its start; the rest is not erased: run \`${sameCommand()}\` again to finish (what is erased is skipped)`;
};

/** `flash verify` changes nothing. */
export const verifySummary: Summarize = (state) =>
  state.stopped ? `compared ${progressOf(state)} with the file, no difference reported yet; nothing on the chip was changed` : 'nothing was compared; nothing on the chip was changed';
