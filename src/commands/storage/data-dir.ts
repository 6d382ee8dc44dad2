/** Where fwkit keeps its files by default: the user's data and cache folders, never the current directory. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultBackupDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'fwkit', 'backups');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'fwkit', 'backups');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fwkit', 'backups');
}

/** Where fwkit caches what it downloads (the eflash_loader): the user's cache folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'fwkit', 'cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'fwkit');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'fwkit');
}
