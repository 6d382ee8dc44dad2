/**
 * Where the page keeps backups and the write journal: the browser's IndexedDB, on this machine only.
 * Backups keep the CLI's file names, so a downloaded backup is the same file `fwkit flash read` makes.
 */
import { backupFileName, parseBackupFileName, type BackupStore, type StoredBackup } from '../../src/jobs/backup-store.js';
import type { JournalStore, WriteJournal } from '../../src/jobs/journal.js';

const DB_NAME = 'fwkit';
const BACKUPS = 'backups';
const JOURNAL = 'journal';
const JOURNAL_KEY = 'current';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(BACKUPS);
    req.result.createObjectStore(JOURNAL);
  };
  return request(req);
}

async function withStore<T>(name: string, mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await request(body(db.transaction(name, mode).objectStore(name)));
  } finally {
    db.close();
  }
}

function stored(name: string, size: number): StoredBackup | null {
  const meta = parseBackupFileName(name);
  return meta ? { ...meta, name, location: `browser storage: ${name}`, size } : null;
}

export function browserBackupStore(): BackupStore {
  return {
    where: 'this browser\'s storage',
    async list() {
      const keys = (await withStore(BACKUPS, 'readonly', (s) => s.getAllKeys())) as string[];
      const out: StoredBackup[] = [];
      for (const key of keys) {
        const data = (await withStore(BACKUPS, 'readonly', (s) => s.get(key))) as Uint8Array | undefined;
        const backup = data && stored(key, data.length);
        if (backup) out.push(backup);
      }
      return out;
    },
    async load(backup) {
      const data = (await withStore(BACKUPS, 'readonly', (s) => s.get(backup.name))) as Uint8Array | undefined;
      if (!data) throw new Error(`${backup.location}: no longer stored`);
      return data;
    },
    async save(meta, image) {
      const name = backupFileName(meta);
      await withStore(BACKUPS, 'readwrite', (s) => s.put(image, name));
      return stored(name, image.length)!;
    },
  };
}

export async function deleteBackup(name: string): Promise<void> {
  await withStore(BACKUPS, 'readwrite', (s) => s.delete(name));
}

export function browserJournalStore(): JournalStore {
  return {
    where: 'the write record in this browser\'s storage',
    load: async () => ((await withStore(JOURNAL, 'readonly', (s) => s.get(JOURNAL_KEY))) as WriteJournal | undefined) ?? null,
    save: async (journal) => void (await withStore(JOURNAL, 'readwrite', (s) => s.put(journal, JOURNAL_KEY))),
    clear: async () => void (await withStore(JOURNAL, 'readwrite', (s) => s.delete(JOURNAL_KEY))),
  };
}
