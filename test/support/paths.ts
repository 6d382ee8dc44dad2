import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this compiled file (dist/test/support/paths.js). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The `fwkit` program as installed: package.json's bin, the bundle `npm run build` makes in dist/cli. */
export const cliPath = join(repoRoot, 'dist/cli/fwkit.js');

/** The shared corpus of real dumps: ../shared/corpus beside the clone, or $FWKIT_CORPUS. */
export const corpusRoot = process.env.FWKIT_CORPUS ?? resolve(repoRoot, '../shared/corpus');

export function corpusPath(...parts: string[]): string {
  return join(corpusRoot, ...parts);
}

export function samplePath(name: string): string {
  return join(repoRoot, 'samples', name);
}

export const hasCorpus = existsSync(corpusRoot);

/** Why a test that needs the corpus is skipped, or false when the corpus is there. */
export const noCorpus: string | false = !hasCorpus && `needs the corpus of real dumps, not found at ${corpusRoot} (set FWKIT_CORPUS)`;

/** A corpus file's bytes; empty when the corpus is absent (the tests that use them skip with `noCorpus`). */
export function readCorpus(...parts: string[]): Uint8Array {
  return hasCorpus ? new Uint8Array(readFileSync(corpusPath(...parts))) : new Uint8Array(0);
}
