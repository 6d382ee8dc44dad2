/**
 * Start-up: the whole `fwkit inspect --json` process on the bundled sample, as a ratio to a bare
 * `node -e 0` measured the same way on the same machine (aim: 1.5x). `fwkit` is the installed program,
 * the code-split bundle in dist/cli; the same command from tsc's separate modules (dist/src) is measured
 * beside it for comparison, and `fwkit inspect --help` shows the cost of loading alone, without reading
 * and checking the 2 MiB dump. Medians of interleaved runs, wall time and the child's own CPU time (less
 * sensitive to other load).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'startup';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = join(root, 'dist/cli/fwkit.js');
const modules = join(root, 'dist/src/cli.js');
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

const cases: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'fwkit inspect --json': [bundle, 'inspect', sample, '--json'],
  'fwkit inspect --help': [bundle, 'inspect', '--help'],
  'dist/src inspect --json': [modules, 'inspect', sample, '--json'],
};

export function run(): void {
  const runs = 15;
  const times = new Map(Object.keys(cases).map((label) => [label, [] as Array<{ wall: number; cpu: number }>]));
  for (let i = 0; i < runs; i++) for (const [label, args] of Object.entries(cases)) times.get(label)!.push(once(args));
  const medians = new Map([...times].map(([label, ts]) => [label, { wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) }]));
  const bare = medians.get('node -e 0')!;
  for (const [label, m] of medians) {
    const ratio = `${(m.wall / bare.wall).toFixed(2)}x wall, ${(m.cpu / bare.cpu).toFixed(2)}x cpu`;
    process.stdout.write(`${label.padEnd(24)}: wall ${m.wall.toFixed(1).padStart(6)} ms, cpu ${m.cpu.toFixed(1).padStart(6)} ms  (${ratio})\n`);
  }
  const f = medians.get('fwkit inspect --json')!;
  process.stdout.write(`start-up ratio          : ${(f.wall / bare.wall).toFixed(2)}x wall, ${(f.cpu / bare.cpu).toFixed(2)}x cpu (aim 1.5x)\n`);
}
