/**
 * Many files at once: `fwkit inspect <folder> --json` and `fwkit index` on a generated folder of varied
 * copies of the samples. Figures are ratios: files/s against one in-process inspect per file (the
 * speed-up, to compare with the core count), and peak memory (RSS) of a large folder against a small one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rotate } from '../src/formats/beken/rotation.js';
import { inspectFile } from '../src/commands/collection/inspect-file.js';

export const name = 'inspect-many';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/bin.js');
const FILES = Number(process.env.FWKIT_BENCH_FILES ?? 500);
const PER_FOLDER = 50;

/** A small seeded generator, so the folder is the same on every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/**
 * Writes `count` files cycling over the samples, each in one of five shapes: an exact copy (duplicates),
 * a copy with bytes changed near its end, a rotated dump (or the copy cut short), random bytes (not
 * recognised), and a copy cut to three quarters (partial).
 */
function generate(dir: string, count: number): number {
  const samples = readdirSync(join(root, 'samples')).filter((f) => /\.(bin|rbl|ota)$/.test(f)).sort();
  const sources = samples.map((f) => new Uint8Array(readFileSync(join(root, 'samples', f))));
  const random = prng(17);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    let data: Uint8Array;
    switch (Math.floor(i / sources.length) % 5) {
      case 0:
        data = source;
        break;
      case 1:
        data = source.slice();
        for (let k = 0; k < 16; k++) data[data.length - 1 - Math.floor(random() * 4096) % data.length] ^= 1 + Math.floor(random() * 255);
        break;
      case 2:
        data = source.length === 0x200000 ? rotate(source) : source.slice(0, source.length - 4096);
        break;
      case 3:
        data = Uint8Array.from({ length: source.length }, () => Math.floor(random() * 256));
        break;
      default:
        data = source.slice(0, Math.floor((source.length * 3) / 4));
    }
    const folder = join(dir, `g${String(Math.floor(i / PER_FOLDER)).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${String(i).padStart(4, '0')}-${samples[i % samples.length]}`), data);
    bytes += data.length;
  }
  return bytes;
}

/** Makes the child print its peak RSS (KiB) and CPU time (µs, all threads) at exit. */
const USAGE_REPORT =
  "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nrss:'+u.maxRSS+' cpu:'+(u.userCPUTime+u.systemCPUTime))})";

/** Each figure is the best of this many runs: other work on the machine only ever slows a run down. */
const RUNS = Number(process.env.FWKIT_BENCH_RUNS ?? 2);

interface Run {
  seconds: number;
  cpuSeconds: number;
  rssMiB: number;
}

function runOnce(args: string[]): Run {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', USAGE_REPORT, cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`fwkit ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  const usage = /rss:(\d+) cpu:(\d+)/.exec(r.stderr);
  return { seconds, cpuSeconds: Number(usage?.[2] ?? NaN) / 1e6, rssMiB: Number(usage?.[1] ?? NaN) / 1024 };
}

function runCli(args: string[]): Run {
  const runs = Array.from({ length: RUNS }, () => runOnce(args));
  return runs.reduce((best, r) => (r.seconds < best.seconds ? r : best));
}

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function run(): void {
  const cores = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-bench-many-'));
  const out = mkdtempSync(join(tmpdir(), 'fwkit-bench-index-'));
  try {
    const bytes = generate(dir, FILES);
    const load = (): string => loadavg()[0].toFixed(1);
    process.stdout.write(`folder: ${FILES} files, ${(bytes / 1048576).toFixed(0)} MiB, ${cores} cores, load average ${load()} (other work on the machine lowers every speed-up)\n`);

    // Baseline: the same per-file work (read, inspect, SHA-256, Tuya pins) in this process, one file after another.
    const files = listAll(dir);
    let serial = Infinity;
    let serialCpu = Infinity;
    for (let i = 0; i < RUNS; i++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (const path of files) inspectFile({ path });
      serial = Math.min(serial, (performance.now() - started) / 1000);
      const used = process.cpuUsage(cpu);
      serialCpu = Math.min(serialCpu, (used.user + used.system) / 1e6);
    }
    const msEach = (seconds: number): string => `${((seconds / files.length) * 1000).toFixed(1)} ms`;
    process.stdout.write(`in-process, one by one  : ${(files.length / serial).toFixed(1)} files/s (${msEach(serial)} wall, ${msEach(serialCpu)} CPU a file)\n`);

    for (const jobs of [...new Set([1, cores, cores * 2])]) {
      const r = runCli(['inspect', dir, '--json', '--jobs', String(jobs)]);
      const speedUp = serial / r.seconds;
      const used = Math.min(jobs, cores);
      process.stdout.write(
        `inspect --json --jobs ${String(jobs).padEnd(2)}: ${(files.length / r.seconds).toFixed(1)} files/s, ${speedUp.toFixed(2)}x the in-process loop on ${used} core${used === 1 ? '' : 's'}; ` +
          `${msEach(r.cpuSeconds)} CPU a file (${(r.cpuSeconds / serialCpu).toFixed(2)}x the loop's: at most ${(used / (r.cpuSeconds / serialCpu)).toFixed(2)}x on an idle machine); peak RSS ${r.rssMiB.toFixed(0)} MiB\n`,
      );
    }

    const folders = Math.max(1, Math.floor(FILES / PER_FOLDER / 5));
    const globs = Array.from({ length: folders }, (_, i) => ['--glob', `g${String(i).padStart(2, '0')}/**`]).flat();
    const small = runCli(['inspect', dir, '--json', '--jobs', String(cores), ...globs]);
    const large = runCli(['inspect', dir, '--json', '--jobs', String(cores)]);
    process.stdout.write(
      `peak RSS, ${folders * PER_FOLDER} files vs ${FILES}: ${small.rssMiB.toFixed(0)} MiB vs ${large.rssMiB.toFixed(0)} MiB (ratio ${(large.rssMiB / small.rssMiB).toFixed(2)} for ${(FILES / (folders * PER_FOLDER)).toFixed(0)}x the files)\n`,
    );

    const index = runCli(['index', dir, '-o', join(out, 'index.html'), '--overwrite', '--jobs', String(cores)]);
    process.stdout.write(`index -o index.html     : ${(files.length / index.seconds).toFixed(1)} files/s, ${(serial / index.seconds).toFixed(2)}x the in-process loop, peak RSS ${index.rssMiB.toFixed(0)} MiB\n`);
    process.stdout.write(`load average at the end: ${load()}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
