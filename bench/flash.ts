/**
 * Flash transfer figures through the chip emulator (a separate `fwkit emulate` process, throttled
 * to wire time, with typical erase/program times) on a real pseudo-terminal: read, full write and
 * identical rewrite of a 2 MiB image at 115200, 921600 and 2,000,000 baud. Payload bytes/s and the
 * ratio to the wire limit (baud / 10 bytes/s). FWKIT_BENCH_QUICK=1 moves 256 KiB instead of 2 MiB.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRange, writeRange } from '../src/flash/beken/operations.js';
import { connect, image, startEmulator } from './_emulator.js';

export const name = 'flash';

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
