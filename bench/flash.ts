/**
 * Flash transfer figures through the chip emulator (a separate `fwkit emulate` process, throttled
 * to wire time, with typical erase/program times) on a real pseudo-terminal: read, full write and
 * identical rewrite of a 2 MiB image at 115200, 921600 and 2,000,000 baud. Payload bytes/s and the
 * ratio to the wire limit (baud / 10 bytes/s). FWKIT_BENCH_QUICK=1 moves 256 KiB instead of 2 MiB.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BekenClient } from '../src/flash/beken/client.js';
import { readRange, writeRange, type FlashTarget } from '../src/flash/beken/operations.js';
import { identifyChip, linkChip, switchBaud } from '../src/flash/beken/session.js';
import { SerialTransport } from '../src/flash/serial-transport.js';

export const name = 'flash';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/cli.js');
const corpus = process.env.FWKIT_CORPUS ?? resolve(root, '../shared/corpus');

function image(file: string, fallback: string): Uint8Array {
  const real = join(corpus, 'beken', file);
  return new Uint8Array(readFileSync(existsSync(real) ? real : join(root, 'samples', fallback)));
}

async function startEmulator(imagePath: string): Promise<{ port: string; stop: () => void }> {
  const child = spawn(process.execPath, [cli, 'emulate', '--chip', 'bk7231n', '--image', imagePath, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`emulator exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      try {
        done((JSON.parse(out) as { port: string }).port);
      } catch {
        /* incomplete */
      }
    });
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

async function connect(port: string, baud: number): Promise<FlashTarget & { close: () => Promise<void> }> {
  const transport = await SerialTransport.open(port, 115200);
  const client = new BekenClient(transport);
  await linkChip(client, { timeoutMs: 10_000 });
  await switchBaud(client, baud);
  const info = await identifyChip(client, null);
  return { client, info, close: () => transport.close() };
}

async function timed(body: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await body();
  return (performance.now() - started) / 1000;
}

const kib = (bytesPerSecond: number) => `${(bytesPerSecond / 1024).toFixed(1).padStart(6)} KiB/s`;

export async function run(): Promise<void> {
  const quick = process.env.FWKIT_BENCH_QUICK === '1';
  const length = quick ? 0x40000 : 0x200000;
  const original = image('Allegro_Berge_MI0014_30_x_5_cm_Milio.bin', 'bk7231n-dump.bin');
  const other = image('Kanlux_33643_S_GU10_RGBCCT_Bulb.bin', 'bk7231n-qio.bin').slice(0, length);
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-bench-'));
  process.stdout.write(`${length / 1024} KiB per transfer${quick ? ' (quick)' : ''}; ratio = payload bytes/s over baud/10\n`);
  for (const baud of [115200, 921600, 2_000_000]) {
    const path = join(dir, `flash-${baud}.bin`);
    writeFileSync(path, original);
    const emulator = await startEmulator(path);
    const target = await connect(emulator.port, baud);
    try {
      const wire = baud / 10;
      const read = await timed(() => readRange(target, 0, length, () => {}));
      const write = await timed(() => writeRange(target, 0, other));
      const rewrite = await timed(() => writeRange(target, 0, other));
      const line = (what: string, seconds: number) => `${what} ${kib(length / seconds)}  ratio ${(length / seconds / wire).toFixed(3)}`;
      process.stdout.write(
        `${String(baud).padStart(7)} baud | ${line('read', read)} | ${line('write', write)} | identical rewrite ${rewrite.toFixed(2)} s = ${((rewrite / write) * 100).toFixed(1)}% of the full write (${write.toFixed(1)} s)\n`,
      );
    } finally {
      await target.close();
      emulator.stop();
    }
  }
}
