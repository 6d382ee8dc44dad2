import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

/** A writable copy of a sample or corpus file (those may be read-only) in `dir`, so a wrong write would show. */
export function writableCopy(dir: string, source: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(source, path);
  chmodSync(path, 0o644);
  return path;
}
