/**
 * Builds the `fwkit` command into dist/cli: the compiled CLI (dist/src, made by tsc) bundled by esbuild
 * as code-split ESM, so a run loads the entry, the chunk of the one command asked for and what that
 * shares, instead of a hundred-odd separate modules. Prints the number of files and their total size.
 *
 * All outputs sit in one folder under their own names: code that starts a file of its own by path
 * (`new URL('./inspect-worker.js', import.meta.url)` for the worker pool, './pty-relay.js' for the
 * pseudo-terminal process) finds it beside whichever chunk that code landed in, as it did in dist/src.
 */
import { chmodSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './repo-root.js';

export const cliDir = join(repoRoot, 'dist/cli');
export const cliBin = join(cliDir, 'fwkit.js');

const compiled = join(repoRoot, 'dist/src');

/** Files started by path rather than imported: each must be an output of its own name. */
const separateEntries = {
  fwkit: join(compiled, 'bin.js'),
  'inspect-worker': join(compiled, 'commands/collection/inspect-worker.js'),
  'pty-relay': join(compiled, 'flash/pty-relay.js'),
};

/**
 * Left as imports of node_modules: native addons (serialport's bindings, node-pty's openpty) are found
 * by those packages from their own folders at run time, which a bundle would move them away from.
 */
const external = ['serialport', '@serialport/*', '@lydell/node-pty', '@lydell/node-pty/*'];

export async function buildCli(): Promise<{ bytes: number; files: number }> {
  rmSync(cliDir, { recursive: true, force: true });
  await build({
    entryPoints: separateEntries,
    absWorkingDir: repoRoot,
    outdir: cliDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // Bundled CommonJS packages (yargs, cli-table3, cli-progress...) call require() for Node's own
    // modules, and yargs names its translations folder from __dirname (not shipped: fwkit speaks English).
    banner: {
      js: [
        "import { createRequire as __fwkitRequire } from 'node:module';",
        "import { fileURLToPath as __fwkitPath } from 'node:url';",
        'const require = __fwkitRequire(import.meta.url);',
        "const __dirname = __fwkitPath(new URL('.', import.meta.url));",
      ].join(' '),
    },
    chunkNames: 'chunk-[hash]',
    // Not minified: it starts no faster (measured), and --debug stack traces stay readable.
    logLevel: 'warning',
  });
  chmodSync(cliBin, 0o755);
  const files = readdirSync(cliDir).filter((f) => f.endsWith('.js'));
  return { bytes: files.reduce((sum, f) => sum + statSync(join(cliDir, f)).size, 0), files: files.length };
}

if (process.argv[1]?.endsWith('build-cli.js')) {
  const { bytes, files } = await buildCli();
  console.log(`command line built in dist/cli (${files} files, ${(bytes / 1024).toFixed(0)} KiB)`);
}
