/**
 * Runs a CommonJS bundle with V8's compiled code kept between runs. Node 22.1 and later do that
 * themselves (module.enableCompileCache). On older Node the bundle is compiled through node:vm with
 * the code cache an earlier run of the same command left; a run without one (or whose cache V8
 * refused: another Node, other V8 flags) writes one as it exits, holding all the code it compiled.
 *
 * One cache per command, since each compiles other parts of the bundle; runs that only show help
 * or a usage error write none (they compile little of their command). The files are in fwkit's cache
 * folder under the bundle's name, which carries its content hash, so a new build never meets the code
 * of an old one; the caches of all but the last few bundles are removed as a new one is written. Each
 * file carries the CRC-32 of the code it holds and is used only when that matches: V8 takes a damaged
 * cache of the right length as it is, and crashes on it. (Without Node's native CRC-32, before Node
 * 20.15, no cache is kept.)
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';
import { namedCommand } from './command-names.js';
import { ExitCode } from './commands/exit-codes.js';
import { defaultCacheDir } from './commands/storage/data-dir.js';

type ModuleBody = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

export function runBundle(file: string): void {
  const enableCompileCache = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (process.env.NODE_DISABLE_COMPILE_CACHE || enableCompileCache || !crc32) {
    if (!process.env.NODE_DISABLE_COMPILE_CACHE) enableCompileCache!();
    createRequire(file)(file);
    return;
  }
  const args = process.argv.slice(2);
  const cacheFile = join(defaultCacheDir(), 'compiled', `${basename(file, '.cjs')}.${namedCommand(args) ?? 'none'}.v8`);
  const cachedData = readIfThere(cacheFile);
  // Wrapped as Node wraps a CommonJS file; a #! line is blanked, keeping line numbers.
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    const helpOnly = args.some((arg) => arg === '--help' || arg === '-h' || arg === '--version');
    process.once('exit', (code) => {
      if (helpOnly || code === ExitCode.usage) return;
      writeAtomically(cacheFile, sealed(script.createCachedData()));
      keepNewestBundles(dirname(cacheFile));
    });
  }
  const body = script.runInThisContext() as ModuleBody;
  const bundle = { exports: {} };
  body.call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dirname(file));
}

const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** The cached code after its CRC-32 (4 bytes, little-endian). */
function sealed(code: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(crc32!(code) >>> 0);
  return Buffer.concat([head, code]);
}

/** The cached code of a file whose CRC-32 matches; undefined for a missing or damaged one. */
function readIfThere(file: string): Buffer | undefined {
  try {
    const stored = readFileSync(file);
    const code = stored.subarray(4);
    return stored.length > 4 && stored.readUInt32LE(0) === crc32!(code) >>> 0 ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so that a run never reads half a file; a cache that cannot be written is no error. */
function writeAtomically(file: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/**
 * Removes the caches of all but the three bundles written to last (say a global and a local install,
 * and the version before an update): every build names a new bundle, and its caches would pile up.
 */
function keepNewestBundles(folder: string, keep = 3): void {
  try {
    const files = readdirSync(folder).map((name) => ({ name, bundle: name.split('.')[0]!, written: statSync(join(folder, name)).mtimeMs }));
    const newest = new Map<string, number>();
    for (const f of files) newest.set(f.bundle, Math.max(newest.get(f.bundle) ?? 0, f.written));
    const kept = new Set([...newest].sort((a, b) => b[1] - a[1]).slice(0, keep).map(([bundle]) => bundle));
    for (const f of files) if (!kept.has(f.bundle)) rmSync(join(folder, f.name), { force: true });
  } catch {
    // Another run pruning at the same time, or a folder it cannot list: nothing to keep tidy.
  }
}
