/**
 * The write journal, one for both vendors: before the first byte is written, the job records what it
 * writes where and which backup it took; a clean finish removes the record. While a record exists, a
 * new write is refused and `--resume` finishes the recorded one without taking another backup, so the
 * backup named for the device stays the one taken before the first attempt.
 */
import type { DeviceIdentity, Vendor } from './device.js';
import { JobError } from './job-error.js';

export interface WriteJournal {
  file: string;
  sha256: string;
  vendor: Vendor;
  family: string;
  flashId: string | null;
  address: number;
  length: number;
  /** Where the backup taken before the first attempt is, or null with --no-backup. */
  backup: string | null;
  startedAt: string;
}

export interface JournalStore {
  /** Where the record is kept, for messages. */
  readonly where: string;
  load(): Promise<WriteJournal | null>;
  save(journal: WriteJournal): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Before the port is opened: a plain write is refused while an interrupted one is recorded; --resume
 * needs the record of this very file. Returns the record to resume, or null for a fresh write.
 */
export function checkJournal(journal: WriteJournal | null, where: string, file: string, sha256: string, resume: boolean): WriteJournal | null {
  if (resume && (!journal || journal.sha256 !== sha256)) {
    throw new JobError(`${file}: there is no interrupted write of this file to resume (${where} ${journal ? 'is for another file' : 'does not exist'})`, 'refused');
  }
  if (!resume && journal) {
    throw new JobError(`a write of ${journal.file} to a ${journal.family} was interrupted; finish it with --resume (its backup: ${journal.backup ?? 'none'}) or delete ${where}`, 'refused');
  }
  return resume ? journal : null;
}

/** Once the chip is identified: a resumed write goes to the same kind of device only. */
export function checkJournalDevice(journal: WriteJournal | null, device: DeviceIdentity): void {
  if (!journal) return;
  if (journal.family !== device.family || (journal.flashId && device.flashId && journal.flashId !== device.flashId)) {
    throw new JobError(`the interrupted write was to a ${journal.family}${journal.flashId ? ` (flash ${journal.flashId})` : ''}, but this chip is a ${device.family}${device.flashId ? ` (flash ${device.flashId})` : ''}; connect the same device`, 'refused');
  }
}
