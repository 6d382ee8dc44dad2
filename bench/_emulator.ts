/** What the flash benchmarks share: corpus images, a `fwkit emulate` process, a linked Beken session. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BekenClient } from '../src/flash/beken/client.js';
import { identifyChip, linkChip, switchBaud } from '../src/flash/beken/session.js';
import { SerialTransport } from '../src/flash/serial-transport.js';
import type { BekenSession } from '../src/jobs/beken-device.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/bin.js');
const corpus = process.env.FWKIT_CORPUS ?? resolve(root, '../shared/corpus');

export function image(file: string, fallback: string): Uint8Array {
  const real = join(corpus, 'beken', file);
  return new Uint8Array(readFileSync(existsSync(real) ? real : join(root, 'samples', fallback)));
}

export async function startEmulator(imagePath: string): Promise<{ port: string; stop: () => void }> {
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

export async function connect(port: string, baud: number): Promise<BekenSession> {
  const transport = await SerialTransport.open(port, 115200);
  const client = new BekenClient(transport);
  await linkChip(client, { timeoutMs: 10_000 });
  await switchBaud(client, baud);
  const info = await identifyChip(client, null);
  return { client, info, close: () => transport.close() };
}
