/**
 * Backups are kept per device: the name says the family, the flash id, the MAC and when it was taken,
 * so `fwkit backups` can group them and a later backup of the same chip can start from the last one.
 * The store itself (files in a folder, or the browser's storage) is passed in.
 */
import type { Vendor } from './device.js';

export interface BackupMeta {
  vendor: Vendor;
  family: string;
  flashId: string | null;
  /** aa:bb:cc:dd:ee:ff (or the chip id on BL702), when known. */
  mac: string | null;
  takenAt: Date;
}

export interface StoredBackup extends BackupMeta {
  /** File name, unique in its store. */
  name: string;
  /** Where the face keeps it (a path in Node), for messages. */
  location: string;
  size: number;
}

export interface BackupStore {
  /** Where the backups go, for messages. */
  readonly where: string;
  list(): Promise<StoredBackup[]>;
  load(backup: StoredBackup): Promise<Uint8Array>;
  save(meta: BackupMeta, image: Uint8Array): Promise<StoredBackup>;
  /**
   * What each device's flash held after the last verified write (one per device; not backups): the
   * starting point of the next incremental backup. Optional: a store without it only loses that speed.
   */
  references?(): Promise<StoredBackup[]>;
  /** Replaces the device's reference image. */
  saveReference?(meta: BackupMeta, image: Uint8Array): Promise<void>;
}

const NO_ID = 'noid';
const NO_MAC = 'nomac';

/** The time as it goes in a file name (no ':' for Windows). */
function stamp(at: Date): string {
  return at.toISOString().replace(/:/g, '-');
}

/** e.g. BK7231N_C84015_c8478c4a2b10_2026-12-02T20-41-07.123Z.bin */
export function backupFileName(meta: BackupMeta): string {
  const mac = meta.mac ? meta.mac.replace(/:/g, '').toLowerCase() : NO_MAC;
  return `${meta.family}_${meta.flashId ?? NO_ID}_${mac}_${stamp(meta.takenAt)}.bin`;
}

const NAME = /^(BK\w+|BL\d+)_([0-9A-F]+|noid)_([0-9a-f]+|nomac)_(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?:\.\d+)?Z)\.bin$/;

/** The metadata back from a backup file name; null for files that are not fwkit backups. */
export function parseBackupFileName(name: string): BackupMeta | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, family, flashId, mac, time] = match as unknown as [string, string, string, string, string];
  const takenAt = new Date(time.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3'));
  if (Number.isNaN(takenAt.getTime())) return null;
  return {
    vendor: family.startsWith('BL') ? 'bouffalo' : 'beken',
    family,
    flashId: flashId === NO_ID ? null : flashId,
    mac: mac === NO_MAC ? null : (mac.match(/../g) ?? []).join(':'),
    takenAt,
  };
}

/** Which device a backup belongs to, as one string: family, flash id and MAC. */
export function deviceKey(meta: Pick<BackupMeta, 'family' | 'flashId' | 'mac'>): string {
  return `${meta.family} ${meta.flashId ?? '-'} ${meta.mac ?? '-'}`;
}

/** Backups grouped per device, newest first within each device; devices in name order. */
export function backupsByDevice(backups: StoredBackup[]): Array<{ device: string; backups: StoredBackup[] }> {
  const groups = new Map<string, StoredBackup[]>();
  for (const backup of backups) {
    const key = deviceKey(backup);
    groups.set(key, [...(groups.get(key) ?? []), backup]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([device, list]) => ({ device, backups: list.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime()) }));
}
