/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `name` and `run()`),
 * or only those named on the command line. Benchmarks print figures; they assert nothing.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  name: string;
  run: () => Promise<void> | void;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.js') && f !== 'run.js' && !f.startsWith('_')).sort();
for (const file of files) {
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') continue;
  const name = mod.name ?? file.replace(/\.js$/, '');
  if (only.length && !only.includes(name)) continue;
  process.stdout.write(`\n== ${name} ==\n`);
  await mod.run();
}
