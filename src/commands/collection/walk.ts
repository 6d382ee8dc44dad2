import { opendir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';

/** One file found under the paths the user named (or a folder that could not be listed). */
export interface FoundFile {
  /** The path to open and to show: the root as given joined with `rel`. */
  path: string;
  /** The path below its root, with `/` separators ('' when the root itself is the file). */
  rel: string;
  /** Set when the folder at `path` could not be listed: one sentence. */
  error?: string;
}

export interface WalkOptions {
  /** Glob patterns for files inside folders (a pattern without `/` matches the file name). */
  globs?: string[];
  /** Absolute paths never listed (the index being written). */
  skip?: string[];
}

/** Compares two `/`-separated paths folder by folder, by code unit: the order the walk yields them. */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

function errnoSentence(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be listed (${code ?? String(error)})`;
}

/**
 * Yields the files under each root in a stable order: roots as given; inside a folder, entries sorted
 * by name, recursively. Names starting with `.` (`.git`, temporary files) are skipped. A root that is a
 * file (or is missing) is yielded as it is, glob or not: the reader reports what is wrong with it.
 * Only names are held, a folder at a time; symbolic links to folders are followed once.
 */
export async function* walkFiles(roots: string[], options: WalkOptions = {}): AsyncGenerator<FoundFile> {
  // picomatch's `basename` option also stops `dir/**` from matching, so it is only given to patterns without `/`.
  const matchers = (options.globs ?? []).map((glob) => picomatch(glob, { basename: !glob.includes('/') }));
  const wanted = (rel: string): boolean => matchers.length === 0 || matchers.some((match) => match(rel));
  const skip = new Set((options.skip ?? []).map((p) => resolve(p)));
  const seen = new Set<string>();

  async function* folder(dir: string, relDir: string): AsyncGenerator<FoundFile> {
    let names: Array<{ name: string; isDir: boolean; isLink: boolean }>;
    try {
      const real = await realpath(dir);
      if (seen.has(real)) return;
      seen.add(real);
      names = [];
      for await (const entry of await opendir(dir)) {
        if (entry.name.startsWith('.')) continue;
        names.push({ name: entry.name, isDir: entry.isDirectory(), isLink: entry.isSymbolicLink() });
      }
    } catch (error) {
      yield { path: dir, rel: relDir, error: `${dir}: the folder ${errnoSentence(error)}` };
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      const path = join(dir, entry.name);
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      let isDir = entry.isDir;
      if (entry.isLink) isDir = await stat(path).then((s) => s.isDirectory(), () => false);
      if (isDir) yield* folder(path, rel);
      else if (!skip.has(resolve(path)) && wanted(rel)) yield { path, rel };
    }
  }

  for (const root of roots) {
    const isDir = await stat(root).then((s) => s.isDirectory(), () => false);
    if (isDir) yield* folder(root, '');
    else yield { path: root, rel: '' };
  }
}

/** How many files a walk will yield (names only, nothing read): the progress bar's total. */
export async function countFiles(roots: string[], options: WalkOptions = {}): Promise<number> {
  let count = 0;
  for await (const _ of walkFiles(roots, options)) count++;
  return count;
}
