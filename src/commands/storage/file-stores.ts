/** The jobs' backup store and write journal as files in one folder (the --backup-dir). */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { backupFileName, deviceKey, parseBackupFileName, type BackupStore, type StoredBackup } from '../../jobs/backup-store.js';
import type { JournalStore, WriteJournal } from '../../jobs/journal.js';
import { UserError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { writeFileAtomic } from '../files.js';

/** The fwkit backups in a folder, by their names. */
function listImages(dir: string): StoredBackup[] {
  if (!existsSync(dir)) return [];
  const out: StoredBackup[] = [];
  for (const name of readdirSync(dir)) {
    const meta = parseBackupFileName(name);
    if (!meta) continue;
    const location = join(dir, name);
    out.push({ ...meta, name, location, size: statSync(location).size });
  }
  return out;
}

/** Backups as files in `dir`; each device's reference image (the flash after the last write) in `dir/.known`. */
export function fileBackupStore(dir: string): BackupStore {
  const known = join(dir, '.known');
  return {
    where: dir,
    async list() {
      return listImages(dir);
    },
    async references() {
      return listImages(known);
    },
    async saveReference(meta, image) {
      mkdirSync(known, { recursive: true });
      const older = listImages(known).filter((old) => deviceKey(old) === deviceKey(meta));
      writeFileAtomic(join(known, backupFileName(meta)), image, { overwrite: true });
      for (const old of older) if (old.name !== backupFileName(meta)) unlinkSync(old.location);
    },
    async load(backup) {
      return new Uint8Array(readFileSync(backup.location));
    },
    async save(meta, image) {
      mkdirSync(dir, { recursive: true });
      const name = backupFileName(meta);
      const location = join(dir, name);
      writeFileAtomic(location, image);
      return { ...meta, name, location, size: image.length };
    },
  };
}

export function fileJournalStore(dir: string): JournalStore {
  const where = join(dir, 'pending-write.json');
  return {
    where,
    async load() {
      if (!existsSync(where)) return null;
      try {
        return JSON.parse(readFileSync(where, 'utf8')) as WriteJournal;
      } catch (error) {
        throw new UserError(`${where}: not a readable record of an interrupted write (${(error as Error).message}); delete it to go on`, ExitCode.badInput);
      }
    },
    async save(journal) {
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(where, JSON.stringify(journal, null, 2), { overwrite: true });
    },
    async clear() {
      if (existsSync(where)) unlinkSync(where);
    },
  };
}
