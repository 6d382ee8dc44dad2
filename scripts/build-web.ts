/**
 * Builds the web page into dist/site: the compiled page (dist/web/src/main.js, made by tsc) bundled for
 * the browser by esbuild, beside index.html and style.css. package.json's "browser" field swaps the Node
 * platform module for the pure-JS one. Prints the bundle size.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './repo-root.js';

export const siteDir = join(repoRoot, 'dist/site');

export async function buildSite(): Promise<{ bytes: number }> {
  mkdirSync(siteDir, { recursive: true });
  await build({
    entryPoints: [join(repoRoot, 'dist/web/src/main.js')],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'linked',
    outfile: join(siteDir, 'app.js'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(repoRoot, 'web', file), join(siteDir, file));
  return { bytes: statSync(join(siteDir, 'app.js')).size };
}

if (process.argv[1]?.endsWith("build-web.js")) {
  const { bytes } = await buildSite();
  console.log(`web page built in dist/site (app.js ${(bytes / 1024).toFixed(0)} KiB)`);
}
