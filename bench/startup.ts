/**
 * Start-up: the whole `fwkit inspect --json` process on the bundled sample, as a ratio to a bare
 * `node -e 0` measured the same way on the same machine (aim: 1.5x). Medians of interleaved runs,
 * wall time and the child's own CPU time (less sensitive to other load).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'startup';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/cli.js');
const sample = join(root, 'samples', 'bk7231n-dump.bin');
const CPU_REPORT = "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu:'+(u.user+u.system))})";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function once(args: string[]): { wall: number; cpu: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_REPORT, ...args], { encoding: 'utf8' });
  const wall = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`run failed (exit ${r.status}): ${r.stderr}`);
  return { wall, cpu: Number(/cpu:(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000 };
}

export function run(): void {
  const runs = 11;
  const bare: Array<{ wall: number; cpu: number }> = [];
  const inspect: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < runs; i++) {
    bare.push(once(['-e', '0']));
    inspect.push(once([cli, 'inspect', sample, '--json']));
  }
  const b = { wall: median(bare.map((t) => t.wall)), cpu: median(bare.map((t) => t.cpu)) };
  const f = { wall: median(inspect.map((t) => t.wall)), cpu: median(inspect.map((t) => t.cpu)) };
  process.stdout.write(`node -e 0              : wall ${b.wall.toFixed(1)} ms, cpu ${b.cpu.toFixed(1)} ms\n`);
  process.stdout.write(`fwkit inspect --json   : wall ${f.wall.toFixed(1)} ms, cpu ${f.cpu.toFixed(1)} ms\n`);
  process.stdout.write(`start-up ratio         : ${(f.wall / b.wall).toFixed(2)}x wall, ${(f.cpu / b.cpu).toFixed(2)}x cpu (aim 1.5x)\n`);
}
