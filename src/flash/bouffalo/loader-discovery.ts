import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import type { BouffaloChip } from './boot-info.js';
import type { LoaderFile } from './client.js';
import { BouffaloSetupError } from './errors.js';
import { findTarFile, isTar } from '../../formats/tar.js';
import { fetchLoader, type FetchHooks, type LoaderStore } from './loader-fetch.js';
import { verifyLoaderImage } from './loader-image.js';
import { loaderSource, PINNED_LOADERS, type LoaderChip } from './loader-source.js';

/**
 * Finding the eflash_loader RAM image, which fwkit does not ship: an explicit --loader file, an
 * environment variable, the folders where Bouffalo's own tools install it, or else the download cache.
 */

/** Loader file names per chip, preferred first (40 MHz crystal is the common BL602 module). */
const LOADER_NAMES: Record<LoaderChip, string[]> = {
  bl602: ['eflash_loader_40m.bin', 'eflash_loader_26m.bin', 'eflash_loader_24m.bin', 'eflash_loader_32m.bin', 'eflash_loader_38p4m.bin', 'eflash_loader_rc32m.bin'],
  bl702: ['eflash_loader_32m.bin', 'eflash_loader_rc32m.bin'],
};

export interface DiscoveryContext {
  env: NodeJS.ProcessEnv;
  home: string;
}

function defaultContext(): DiscoveryContext {
  return { env: process.env, home: homedir() };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function children(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort()
      .reverse()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** Python library folders (system, user, pipx, virtualenv) that may hold bflb_mcu_tool. */
function sitePackageDirs({ env, home }: DiscoveryContext): string[] {
  const libRoots = ['/usr/lib', '/usr/local/lib', join(home, '.local/lib')];
  if (env.VIRTUAL_ENV) libRoots.unshift(join(env.VIRTUAL_ENV, 'lib'));
  for (const pipx of [join(home, '.local/pipx/venvs'), join(home, '.local/share/pipx/venvs')]) {
    for (const venv of children(pipx, /^bflb/)) libRoots.push(join(venv, 'lib'));
  }
  const dirs: string[] = [];
  for (const root of libRoots) {
    for (const python of children(root, /^python3/)) dirs.push(join(python, 'site-packages'), join(python, 'dist-packages'));
  }
  return dirs;
}

/** Folders named like chips/<chip>/eflash_loader in the vendor tools' installs. */
export function candidateFolders(chip: LoaderChip, context: DiscoveryContext = defaultContext()): string[] {
  const folders = sitePackageDirs(context).map((dir) => join(dir, 'bflb_mcu_tool', 'chips', chip, 'eflash_loader'));
  const devCubeRoots = [context.env.FWKIT_BLDEVCUBE, ...[context.home, join(context.home, 'Downloads'), '/opt'].flatMap((dir) => children(dir, /^BLDevCube/i))];
  for (const root of devCubeRoots) if (root) folders.push(join(root, 'chips', chip, 'eflash_loader'));
  return folders;
}

/**
 * The loader bytes, inflated when the file is gzip-compressed (as some flashers store it), and taken out
 * of the archive when the file is the pinned download itself (a tar.gz holding the chips folders).
 */
export function readLoaderFile(path: string, chip?: LoaderChip): Uint8Array {
  const raw = new Uint8Array(readFileSync(path));
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  if (!chip || !isTar(bytes)) return bytes;
  const entry = PINNED_LOADERS[chip].entry!;
  const found = findTarFile(bytes, entry);
  if (!found) throw new BouffaloSetupError(`${path}: a tar archive without a file ending in ${entry}`);
  return found.data;
}

function load(path: string, how: string, chip: LoaderChip): LoaderFile {
  const bytes = readLoaderFile(path, chip);
  verifyLoaderImage(bytes, path);
  return { bytes, source: `${path} (${how})` };
}

/** The loader from --loader, the environment or a vendor tool install; undefined when there is none. */
export function findLocalLoader(chip: LoaderChip, explicit?: string, context: DiscoveryContext = defaultContext()): LoaderFile | undefined {
  if (explicit) {
    if (!isFile(explicit)) throw new BouffaloSetupError(`${explicit}: no such loader file`);
    return load(explicit, '--loader', chip);
  }
  for (const variable of [`FWKIT_${chip.toUpperCase()}_LOADER`, 'FWKIT_BL_LOADER']) {
    const path = context.env[variable];
    if (!path) continue;
    if (!isFile(path)) throw new BouffaloSetupError(`${path} (from $${variable}): no such loader file`);
    return load(path, `$${variable}`, chip);
  }
  for (const folder of candidateFolders(chip, context).filter((dir) => existsSync(dir))) {
    for (const name of LOADER_NAMES[chip]) {
      const path = join(folder, name);
      if (isFile(path)) return load(path, 'found in the vendor tool install', chip);
    }
  }
  return undefined;
}

export interface ObtainOptions {
  explicit?: string;
  /** --offline: the cache or nothing. */
  offline?: boolean;
  /** Where downloaded loaders are cached (the face supplies it: files in Node). */
  store: LoaderStore;
  hooks: FetchHooks;
  context?: DiscoveryContext;
}

/**
 * The loader for `chip`, in this order: --loader, $FWKIT_<CHIP>_LOADER / $FWKIT_BL_LOADER, a vendor tool
 * install, the cache, and last a download from the pinned source (or $FWKIT_<CHIP>_LOADER_URL).
 */
export async function findLoader(chip: BouffaloChip, options: ObtainOptions): Promise<LoaderFile> {
  if (chip === 'bl616') throw new BouffaloSetupError('BL616/BL618 need no eflash_loader: their boot ROM has the flash commands');
  const context = options.context ?? defaultContext();
  const local = findLocalLoader(chip, options.explicit, context);
  if (local) return local;
  return fetchLoader(chip, loaderSource(chip, context.env), options.store, options.hooks, { offline: options.offline });
}
