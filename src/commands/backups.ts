/** `fwkit backups`: the whole-flash backups fwkit keeps, per device, newest first. */
import Table from 'cli-table3';
import type { Argv, CommandModule } from 'yargs';
import { backupsByDevice } from '../jobs/backup-store.js';
import { ExitCode } from './exit-codes.js';
import { compact } from './render-report.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import { hexId } from '../jobs/json-values.js';
import { defaultBackupDir } from './storage/data-dir.js';
import { fileBackupStore } from './storage/file-stores.js';

interface BackupsArgs extends CommonOptions {
  backupDir?: string;
}

async function listBackups(args: BackupsArgs): Promise<number> {
  const store = fileBackupStore(args.backupDir ?? defaultBackupDir());
  const devices = backupsByDevice(await store.list()).map(({ backups }) => ({
    family: backups[0]!.family,
    flashId: hexId(backups[0]!.flashId),
    mac: backups[0]!.mac,
    backups: backups.map((b) => ({ file: b.location, takenAt: b.takenAt.toISOString(), size: b.size })),
  }));
  if (args.json) {
    printJson({ backupDir: store.where, devices });
    return ExitCode.ok;
  }
  if (!devices.length) {
    process.stdout.write(`no backups in ${store.where} (a flash write makes one first, unless --no-backup)\n`);
    return ExitCode.ok;
  }
  const table = new Table({ ...compact, head: ['family', 'flash id', 'MAC', 'taken (UTC)', 'size', 'file'] });
  for (const device of devices) {
    device.backups.forEach((backup, index) => {
      const first = index === 0;
      table.push([first ? device.family : '', first ? (device.flashId ?? '-') : '', first ? (device.mac ?? '-') : '', backup.takenAt.replace('T', ' ').replace(/\.\d+Z$/, ''), `${backup.size / 1048576} MiB`, backup.file]);
    });
  }
  process.stdout.write(`${table.toString()}\n${devices.length} device(s) in ${store.where}; the newest backup of each comes first\n`);
  return ExitCode.ok;
}

export const backupsCommand: CommandModule<object, BackupsArgs> = {
  command: 'backups',
  describe: 'list the whole-flash backups fwkit took before writes, per device (family, flash id, MAC), newest first',
  builder: (y) =>
    y.option('backup-dir', { type: 'string', describe: 'the backup folder (default: the user data folder, e.g. ~/.local/share/fwkit/backups)' }) as unknown as Argv<BackupsArgs>,
  handler: (args) => runCommand(args, () => listBackups(args)),
};
