import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from a compiled script in dist/scripts. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
