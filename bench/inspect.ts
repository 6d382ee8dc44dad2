/** Inspect speed on a 2 MiB dump: the whole CLI process, the in-process inspector, CRC16 block checks. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanRegion } from '../src/formats/beken/blocks.js';
import { inspectImage } from '../src/formats/inspect.js';

export const name = 'inspect';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/bin.js');

/** A real dump when the shared corpus is beside the clone (its app is 1 MiB), else the bundled sample. */
function pickDump(): string {
  const corpus = process.env.FWKIT_CORPUS ?? resolve(root, '../shared/corpus');
  const real = join(corpus, 'beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  return existsSync(real) ? real : join(root, 'samples', 'bk7231n-dump.bin');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** Makes the child print its own CPU time (user + system, µs) at exit: less sensitive to a busy machine than wall time. */
const CPU_REPORT = "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu:'+(u.user+u.system))})";

interface ProcessTimes {
  wall: number;
  cpu: number;
}

function timeProcess(args: string[], runs: number): ProcessTimes {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--import', CPU_REPORT, ...args], { encoding: 'utf8' });
    wall.push(performance.now() - started);
    if (r.status !== 0 && r.status !== 1) throw new Error(`run failed (exit ${r.status}): ${r.stderr}`);
    cpu.push(Number(/cpu:(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function wholeProcess(file: string): void {
  const bare = timeProcess(['-e', '0'], 5);
  process.stdout.write(`bare node start       : wall ${ms(bare.wall)}, cpu ${ms(bare.cpu)}\n`);
  for (const [label, extra] of [['--json', ['--json']], ['tables', []]] as const) {
    const t = timeProcess([cli, 'inspect', file, ...extra], 9);
    process.stdout.write(
      `whole process, ${label.padEnd(7)}: wall ${ms(t.wall)} (${(t.wall / 150).toFixed(2)}x the 150 ms aim), cpu ${ms(t.cpu)} (${ms(t.cpu - bare.cpu)} above bare node)\n`,
    );
  }
}

function inProcess(data: Uint8Array): void {
  const timed = (): { wall: number; cpu: number } => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    inspectImage(data);
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  };
  const cold = timed();
  const warm = Array.from({ length: 15 }, timed);
  const wall = median(warm.map((t) => t.wall));
  const cpu = median(warm.map((t) => t.cpu));
  process.stdout.write(
    `in-process inspect    : first wall ${ms(cold.wall)} / cpu ${ms(cold.cpu)}; then median wall ${ms(wall)} / cpu ${ms(cpu)} (${(cpu / 50).toFixed(2)}x the 50 ms aim in cpu)\n`,
  );
}

function crcThroughput(data: Uint8Array): void {
  const rounds = 20;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) scanRegion(data, 0, data.length);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`CRC16 block validation: ${((rounds * data.length) / 1048576 / seconds).toFixed(0)} MiB/s over the whole file\n`);
}

export function run(): void {
  const file = pickDump();
  const data = new Uint8Array(readFileSync(file));
  process.stdout.write(`dump: ${file} (${data.length} bytes)\n`);
  wholeProcess(file);
  inProcess(data);
  crcThroughput(data);
}
