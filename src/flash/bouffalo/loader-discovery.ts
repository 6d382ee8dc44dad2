import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import type { BouffaloChip } from './boot-info.js';
import type { LoaderFile } from './client.js';
import { BouffaloSetupError } from './errors.js';
import { verifyLoaderImage } from './loader-image.js';

/**
 * Finding the eflash_loader RAM image, which fwkit does not ship: an explicit --loader file, an
 * environment variable, or the folders where Bouffalo's own tools install it.
 */

/** Loader file names per chip, preferred first (40 MHz crystal is the common BL602 module). */
const LOADER_NAMES: Record<'bl602' | 'bl702', string[]> = {
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
export function candidateFolders(chip: 'bl602' | 'bl702', context: DiscoveryContext = defaultContext()): string[] {
  const folders = sitePackageDirs(context).map((dir) => join(dir, 'bflb_mcu_tool', 'chips', chip, 'eflash_loader'));
  const devCubeRoots = [context.env.FWKIT_BLDEVCUBE, ...[context.home, join(context.home, 'Downloads'), '/opt'].flatMap((dir) => children(dir, /^BLDevCube/i))];
  for (const root of devCubeRoots) if (root) folders.push(join(root, 'chips', chip, 'eflash_loader'));
  return folders;
}

/** The loader bytes, inflated when the file is gzip-compressed (as some flashers store it). */
export function readLoaderFile(path: string): Uint8Array {
  const raw = new Uint8Array(readFileSync(path));
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

function load(path: string, how: string): LoaderFile {
  const bytes = readLoaderFile(path);
  verifyLoaderImage(bytes, path);
  return { bytes, source: `${path} (${how})` };
}

export function whereToGetLoader(chip: 'bl602' | 'bl702'): string {
  const name = LOADER_NAMES[chip][0];
  return (
    `fwkit does not ship Bouffalo's eflash_loader: install Bouffalo's tool (pip install bflb-mcu-tool; it brings ` +
    `bflb_mcu_tool/chips/${chip}/eflash_loader/${name}) or unpack BLDevCube from https://dev.bouffalolab.com/download ` +
    `(chips/${chip}/eflash_loader/${name}), then pass the file with --loader <file> or set FWKIT_${chip.toUpperCase()}_LOADER`
  );
}

/** Finds and verifies the loader for `chip`; throws one sentence listing where it looked when none is found. */
export function findLoader(chip: BouffaloChip, explicit?: string, context: DiscoveryContext = defaultContext()): LoaderFile {
  if (chip === 'bl616') throw new BouffaloSetupError('BL616/BL618 need no eflash_loader, and fwkit does not flash them');
  if (explicit) {
    if (!isFile(explicit)) throw new BouffaloSetupError(`${explicit}: no such loader file`);
    return load(explicit, '--loader');
  }
  for (const variable of [`FWKIT_${chip.toUpperCase()}_LOADER`, 'FWKIT_BL_LOADER']) {
    const path = context.env[variable];
    if (!path) continue;
    if (!isFile(path)) throw new BouffaloSetupError(`${path} (from $${variable}): no such loader file`);
    return load(path, `$${variable}`);
  }
  const folders = candidateFolders(chip, context);
  for (const folder of folders.filter((dir) => existsSync(dir))) {
    for (const name of LOADER_NAMES[chip]) {
      const path = join(folder, name);
      if (isFile(path)) return load(path, 'found in the vendor tool install');
    }
  }
  throw new BouffaloSetupError(
    `no eflash_loader for ${chip.toUpperCase()} found (looked at --loader, $FWKIT_${chip.toUpperCase()}_LOADER, $FWKIT_BL_LOADER, ` +
      `bflb_mcu_tool in the Python site-packages and pipx folders, and BLDevCube folders in ~, ~/Downloads, /opt and $FWKIT_BLDEVCUBE); ` +
      whereToGetLoader(chip),
  );
}
