/**
 * Conversion cost on a 2 MiB dump, in process: each step's median CPU-bound time and its ratio to
 * one `inspect` of the same dump (every conversion inspects its input and its result).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectImage } from '../src/formats/inspect.js';
import { decryptApp, encryptApp, toQio, toRestoreImage, toUa } from '../src/formats/convert/beken-images.js';
import { packRbl, unpackRbl } from '../src/formats/convert/beken-ota.js';
import { readBekenSource } from '../src/formats/convert/beken-source.js';

export const name = 'convert';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function pickDump(): string {
  const corpus = process.env.FWKIT_CORPUS ?? resolve(root, '../shared/corpus');
  const real = join(corpus, 'beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  return existsSync(real) ? real : join(root, 'samples', 'bk7231n-dump.bin');
}

function median(step: () => unknown, runs = 7): number {
  step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    step();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export function run(): void {
  const file = pickDump();
  const dump = new Uint8Array(readFileSync(file));
  const source = readBekenSource(dump);
  const ua = toUa(source).bytes;
  const uaSource = readBekenSource(ua);
  const plain = decryptApp(source).bytes;
  const rbl = packRbl(plain, { version: '1.0.0', timestamp: 0 }).bytes;
  const inspect = median(() => inspectImage(dump));
  process.stdout.write(`${file.split('/').pop()}: app ${plain.length} bytes, RBL ${rbl.length} bytes (${((100 * rbl.length) / plain.length).toFixed(0)} % of the app)\n`);
  process.stdout.write(`inspect of the dump (the unit below): ${inspect.toFixed(1)} ms\n`);
  const steps: Array<[string, () => unknown]> = [
    ['read source (inspect + app check)', () => readBekenSource(dump)],
    ['dump -> UA', () => toUa(source)],
    ['UA + bootloader -> QIO', () => toQio(uaSource, source)],
    ['dump -> restore image', () => toRestoreImage(source)],
    ['decrypt app', () => decryptApp(source)],
    ['encrypt app -> UA', () => encryptApp(plain, { key: source.key!, timestamp: 0 })],
    ['RBL pack (gzip 9 + AES + check)', () => packRbl(plain, { version: '1.0.0', timestamp: 0 })],
    ['RBL unpack', () => unpackRbl(rbl)],
  ];
  for (const [label, step] of steps) {
    const t = median(step);
    process.stdout.write(`${label.padEnd(34)}: ${t.toFixed(1).padStart(7)} ms = ${(t / inspect).toFixed(2)}x inspect\n`);
  }
}
