/**
 * BL602 flashing speed through `fwkit emulate` (its own process, on a pseudo-terminal, paced at
 * 2,000,000 baud): whole 2 MiB read and write, as a ratio to the wire limit (the time the payload
 * bytes alone take on the UART).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BouffaloClient } from '../src/flash/bouffalo/client.js';
import { SerialTransport } from '../src/flash/serial-transport.js';
import { startEmulatorProcess } from '../test/flash/support/emulator-process.js';
import { syntheticLoader } from '../test/blflash/support/synthetic-loader.js';

export const name = 'flash-bouffalo';

const BAUD = 2_000_000;
const SIZE = 2 * 1024 * 1024;

function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Seconds the payload alone needs on an 8N1 UART (10 bits per byte). */
const wireSeconds = (bytes: number): number => (bytes * 10) / BAUD;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-bench-bl-'));
  const image = join(dir, 'flash.bin');
  writeFileSync(image, pattern(SIZE, 1));
  const emulator = await startEmulatorProcess(['--chip', 'bl602', '--image', image, '--wire-baud', String(BAUD), '--rom-wire-baud', '500000']);
  const host = await SerialTransport.open(emulator.port, 500_000);
  try {
    const client = new BouffaloClient(host, { chip: 'bl602', romBaud: 500_000, loaderBaud: BAUD, reset: 'none', loader: async () => ({ bytes: syntheticLoader(), source: 'synthetic' }) });
    let t = performance.now();
    await client.connect();
    process.stdout.write(`connect (ROM handshake, ${syntheticLoader().length} B loader upload at 500 kbaud, loader handshake): ${((performance.now() - t) / 1000).toFixed(2)} s\n`);

    const limit = wireSeconds(SIZE);
    t = performance.now();
    await client.readFlash(0, SIZE);
    const read = (performance.now() - t) / 1000;
    process.stdout.write(`read 2 MiB at ${BAUD} baud : ${read.toFixed(2)} s, wire limit ${limit.toFixed(2)} s -> ${(limit / read).toFixed(2)} of the wire limit (${(SIZE / read / 1024).toFixed(0)} KiB/s)\n`);

    const image = pattern(SIZE, 2);
    t = performance.now();
    const stats = await client.writeFlash(0, image);
    const write = (performance.now() - t) / 1000;
    process.stdout.write(`write 2 MiB at ${BAUD} baud: ${write.toFixed(2)} s (${stats.written} B written, SHA-256 verified), wire limit ${limit.toFixed(2)} s -> ${(limit / write).toFixed(2)} of the wire limit\n`);

    t = performance.now();
    const again = await client.writeFlash(0, image);
    const same = (performance.now() - t) / 1000;
    process.stdout.write(`identical rewrite       : ${same.toFixed(2)} s (${again.written} B written, ${again.skipped} B skipped by SHA-256)\n`);
  } finally {
    await host.close();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
