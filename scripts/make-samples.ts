/**
 * Writes samples/ with fwkit's own encoders. Deterministic: the same bytes on every run.
 * Each vendor module returns its list; add a module's list to `sampleSets` to extend it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/commands/files.js';
import { bekenSamples } from './samples/beken.js';
import { obkSamples } from './samples/obk.js';
import { bouffaloSamples } from './samples/bouffalo.js';

export interface SampleSpec {
  file: string;
  about: string;
  build: () => Uint8Array;
}

const sampleSets: Array<() => SampleSpec[]> = [bekenSamples, obkSamples, bouffaloSamples];

const dir = join(process.argv[2] ?? 'samples');
mkdirSync(dir, { recursive: true });
for (const set of sampleSets) {
  for (const sample of set()) {
    const bytes = sample.build();
    writeFileAtomic(join(dir, sample.file), bytes, { overwrite: true });
    process.stdout.write(`${sample.file.padEnd(28)} ${String(bytes.length).padStart(8)} bytes  ${sample.about}\n`);
  }
}
