/**
 * Start-up: the whole `fwkit inspect --json` process on the bundled sample, as a ratio to a bare
 * `node -e 0` measured the same way on the same machine (aim: 1.5x). `fwkit` is the installed program
 * (dist/cli: one bundle run with V8's compiled code kept between runs, see src/code-cache.ts); one run
 * before the measured ones leaves that cache, as any first run does. Measured beside it: the same
 * command without the cache (NODE_DISABLE_COMPILE_CACHE=1, what a first run costs), `inspect --help`
 * (loading alone, without reading and checking the 2 MiB dump) and the same inspect from tsc's
 * separate modules (dist/src). Medians of interleaved runs: wall time and the child's own CPU time
 * (user + system, less sensitive to other load).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'startup';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = join(root, 'dist/cli/fwkit.js');
const modules = join(root, 'dist/src/bin.js');
const sample = join(root, 'samples', 'bk7231n-dump.bin');

/**
 * Preloaded into every run (CommonJS, so that a bare `node -e 0` does not start the ES-module loader for
 * it): reports the process's CPU time on stderr as it exits.
 */
const CPU_REPORT = "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu:' + (u.user + u.system)); });\n";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Case {
  args: string[];
  env?: Record<string, string>;
}

function once(report: string, { args, env }: Case): { wall: number; cpu: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', report, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const wall = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`run failed (exit ${r.status}): ${r.stderr}`);
  return { wall, cpu: Number(/cpu:(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000 };
}

const inspect = [bundle, 'inspect', sample, '--json'];
const cases: Record<string, Case> = {
  'node -e 0': { args: ['-e', '0'] },
  'fwkit inspect --json': { args: inspect },
  '  without code cache': { args: inspect, env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  'fwkit inspect --help': { args: [bundle, 'inspect', '--help'] },
  'dist/src inspect --json': { args: [modules, 'inspect', sample, '--json'] },
};

export function run(): void {
  const folder = mkdtempSync(join(tmpdir(), 'fwkit-startup-'));
  const report = join(folder, 'cpu-report.cjs');
  writeFileSync(report, CPU_REPORT);
  try {
    once(report, cases['fwkit inspect --json']!); // leaves the code cache, if this build has none yet
    const runs = 21;
    const times = new Map(Object.keys(cases).map((label) => [label, [] as Array<{ wall: number; cpu: number }>]));
    for (let i = 0; i < runs; i++) for (const [label, c] of Object.entries(cases)) times.get(label)!.push(once(report, c));
    const medians = new Map([...times].map(([label, ts]) => [label, { wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) }]));
    const bare = medians.get('node -e 0')!;
    const ratio = (m: { wall: number; cpu: number }): string => `${(m.wall / bare.wall).toFixed(2)}x wall, ${(m.cpu / bare.cpu).toFixed(2)}x cpu`;
    for (const [label, m] of medians) {
      process.stdout.write(`${label.padEnd(24)}: wall ${m.wall.toFixed(1).padStart(6)} ms, cpu ${m.cpu.toFixed(1).padStart(6)} ms  (${ratio(m)})\n`);
    }
    process.stdout.write(`start-up ratio          : ${ratio(medians.get('fwkit inspect --json')!)} (aim 1.5x; median of ${runs} runs)\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
