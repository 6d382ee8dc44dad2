/**
 * Builds the `fwkit` command into dist/cli from the compiled CLI (dist/src, made by tsc):
 *
 * - `fwkit-main-<hash>.cjs`: the whole command line bundled into one CommonJS file. Each command's
 *   modules sit in it behind the lazy `import()` that loads them (esbuild turns those into functions
 *   that run a module's code on first use), so a run still runs only the code of the command asked
 *   for. One CommonJS file lets V8 keep its compiled code between runs (src/code-cache.ts), which
 *   Node 20 cannot do for ES modules; that saves more start-up than splitting into chunks did.
 * - `fwkit.js`: the program (package.json "bin"), which runs that bundle with the code cache.
 * - `inspect-worker.js`, `pty-relay.js`: files started by path rather than imported (the worker pool
 *   of `index`, the pseudo-terminal process of `emulate`), each bundled on its own beside the others,
 *   where `new URL('./inspect-worker.js', import.meta.url)` finds them as it did in dist/src.
 *
 * Prints the number of files and their total size.
 */
import { chmodSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { repoRoot } from './repo-root.js';

export const cliDir = join(repoRoot, 'dist/cli');
export const cliBin = join(cliDir, 'fwkit.js');

const compiled = join(repoRoot, 'dist/src');

/**
 * Left as imports of node_modules: native addons (serialport's bindings, node-pty's openpty) are found
 * by those packages from their own folders at run time, which a bundle would move them away from.
 */
const external = ['serialport', '@serialport/*', '@lydell/node-pty', '@lydell/node-pty/*'];

const common: BuildOptions = {
  absWorkingDir: repoRoot,
  outdir: cliDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  // Not minified: it starts no faster (measured), and --debug stack traces stay readable.
  logLevel: 'warning',
};

/** The command line as one CommonJS file, named by its content; returns that name. */
async function buildMain(): Promise<string> {
  const result = await build({
    ...common,
    entryPoints: { 'fwkit-main': join(compiled, 'bin.js') },
    entryNames: '[name]-[hash]',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // The compiled modules find files beside themselves through import.meta.url: here, beside the bundle.
    define: { 'import.meta.url': '__fwkitUrl' },
    // yargs (the only user of 'assert' in the bundle) gets its two checks without node:assert.
    alias: { assert: './dist/src/cli-assert.js' },
    banner: { js: "var __fwkitUrl = require('node:url').pathToFileURL(__filename).href;" },
    metafile: true,
  });
  const [output, { imports }] = Object.entries(result.metafile.outputs)[0]!;
  // A dynamic import() left in the bundle would need node:vm's module loader, which code-cache.ts does not give it.
  const dynamic = imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
  if (dynamic.length) throw new Error(`${output} still imports ${dynamic.join(', ')} dynamically`);
  return basename(output);
}

/** The files started by path, as ES modules of their own. */
async function buildStartedByPath(): Promise<void> {
  await build({
    ...common,
    entryPoints: {
      'inspect-worker': join(compiled, 'commands/collection/inspect-worker.js'),
      'pty-relay': join(compiled, 'flash/pty-relay.js'),
    },
    format: 'esm',
    // Bundled CommonJS packages (cli-table3...) call require() for Node's own modules.
    banner: { js: "import { createRequire as __fwkitRequire } from 'node:module'; const require = __fwkitRequire(import.meta.url);" },
  });
}

/** The program: the code-cache loader, pointed at the bundle by name. */
async function buildProgram(bundle: string): Promise<void> {
  await build({ ...common, entryPoints: { fwkit: join(compiled, 'start.js') }, format: 'esm', define: { FWKIT_BUNDLE: JSON.stringify(`./${bundle}`) } });
  chmodSync(cliBin, 0o755);
}

export async function buildCli(): Promise<{ bytes: number; files: number }> {
  rmSync(cliDir, { recursive: true, force: true });
  const bundle = await buildMain();
  await Promise.all([buildStartedByPath(), buildProgram(bundle)]);
  const files = readdirSync(cliDir).filter((f) => /\.c?js$/.test(f));
  return { bytes: files.reduce((sum, f) => sum + statSync(join(cliDir, f)).size, 0), files: files.length };
}

if (process.argv[1]?.endsWith('build-cli.js')) {
  const { bytes, files } = await buildCli();
  console.log(`command line built in dist/cli (${files} files, ${(bytes / 1024).toFixed(0)} KiB)`);
}
