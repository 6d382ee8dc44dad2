/**
 * What every write shares, Beken or Bouffalo: the journal check before the port opens, the backup
 * before the first attempt (none on a resume), the journal record while writing, and its removal
 * after the final check.
 */
import { sha256Of, toHex } from '../formats/bytes.js';
import { backupDevice, describeBackup, rememberFlash, type BackupResult } from './backup.js';
import type { FlashDevice } from './device.js';
import { checkJournal, checkJournalDevice, type WriteJournal } from './journal.js';
import type { WriteEnvironment } from './ports.js';

export interface WriteRequest {
  /** The file's name, for messages and the journal. */
  file: string;
  data: Uint8Array;
  /** Take a backup first (--no-backup: false). */
  backup: boolean;
  resume?: boolean;
  /**
   * A restore of a whole-flash backup: allowed while an interrupted write is recorded (it replaces it),
   * and then no backup is taken, since the flash is half written.
   */
  restore?: boolean;
}

export interface Journey {
  sha256: string;
  resumed: WriteJournal | null;
  /** The interrupted write a restore replaces. */
  replaced: WriteJournal | null;
}

/** Before the port: refuses a write while another is interrupted, and a resume without a record. */
export async function startJourney(request: WriteRequest, env: WriteEnvironment): Promise<Journey> {
  const sha256 = toHex(sha256Of(request.data));
  const recorded = await env.journal.load();
  if (request.restore && recorded && recorded.sha256 !== sha256) return { sha256, resumed: null, replaced: recorded };
  const resumed = checkJournal(recorded, env.journal.where, request.file, sha256, !!request.resume || (!!request.restore && !!recorded));
  return { sha256, resumed, replaced: null };
}

export interface Armed {
  /** Where the backup is (this run's, or the first attempt's on a resume). */
  backup: string | null;
  backupResult: BackupResult | null;
}

/** On the identified chip, with the plan made: backup unless resuming, then the journal record. */
export async function armJourney(journey: Journey, request: WriteRequest, device: FlashDevice, plan: { address: number; length: number }, env: WriteEnvironment): Promise<Armed> {
  checkJournalDevice(journey.resumed ?? journey.replaced, device);
  let backup = journey.resumed?.backup ?? null;
  let backupResult: BackupResult | null = null;
  if (journey.replaced) {
    env.say(`note: this restore replaces the interrupted write of ${journey.replaced.file}; no backup of the half-written flash is taken (the one from before that write: ${journey.replaced.backup ?? 'none'})`);
    backup = journey.replaced.backup;
  } else if (!journey.resumed && request.backup) {
    backupResult = await backupDevice(device, env.backups, env);
    backup = backupResult.backup.location;
    env.say(describeBackup(backupResult));
  }
  await env.journal.save({
    file: request.file,
    sha256: journey.sha256,
    vendor: device.vendor,
    family: device.family,
    flashId: device.flashId,
    address: plan.address,
    length: plan.length,
    backup,
    startedAt: journey.resumed?.startedAt ?? new Date().toISOString(),
  });
  return { backup, backupResult };
}

/**
 * After the final check: the write is complete, nothing is left to resume; what the flash now holds is
 * remembered for the next incremental backup when this run read it.
 */
export async function finishJourney(env: WriteEnvironment, armed: Armed, written: { address: number; data: Uint8Array }): Promise<void> {
  await env.journal.clear();
  if (armed.backupResult) await rememberFlash(env.backups, armed.backupResult.backup, armed.backupResult.image, written);
}
