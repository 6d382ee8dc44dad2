/** Inspect speed on a 2 MiB dump: the whole CLI process, the in-process inspector, CRC16 block checks. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanRegion } from '../src/formats/beken/blocks.js';
import { inspectImage } from '../src/formats/inspect.js';

export const name = 'inspect';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/cli.js');

/** A real dump when the shared corpus is beside the clone (its app is 1 MiB), else the bundled sample. */
function pickDump(): string {
  const corpus = process.env.FWKIT_CORPUS ?? resolve(root, '../shared/corpus');
  const real = join(corpus, 'beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  return existsSync(real) ? real : join(root, 'samples', 'bk7231n-dump.bin');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(1)} ms`;

function timeProcess(args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`run failed (exit ${r.status}): ${r.stderr}`);
  }
  return times;
}

export function run(): void {
  const file = pickDump();
  const data = new Uint8Array(readFileSync(file));
  process.stdout.write(`dump: ${file} (${data.length} bytes)\n`);

  const baseline = median(timeProcess(['-e', '0'], 5));
  const json = median(timeProcess([cli, 'inspect', file, '--json'], 9));
  const tables = median(timeProcess([cli, 'inspect', file], 9));
  process.stdout.write(`whole process, --json : ${ms(json)}  (aim 150 ms: ${(json / 150).toFixed(2)}x; bare node start ${ms(baseline)})\n`);
  process.stdout.write(`whole process, tables : ${ms(tables)}  (${(tables / 150).toFixed(2)}x of the aim)\n`);

  const t0 = performance.now();
  inspectImage(data);
  const cold = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    inspectImage(data);
    warm.push(performance.now() - t);
  }
  process.stdout.write(`in-process inspect    : first ${ms(cold)}, then median ${ms(median(warm))}  (aim 50 ms: ${(median(warm) / 50).toFixed(2)}x)\n`);

  const rounds = 20;
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) scanRegion(data, 0, data.length);
  const seconds = (performance.now() - t1) / 1000;
  process.stdout.write(`CRC16 block validation: ${((rounds * data.length) / 1048576 / seconds).toFixed(0)} MiB/s over the whole file\n`);
}
