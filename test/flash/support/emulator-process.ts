import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../../support/paths.js';

export interface EmulatorProcess {
  port: string;
  /** The JSON document the emulator printed when its port was ready. */
  document: Record<string, unknown>;
  /** Stops it (SIGTERM) and returns what it printed on stderr. */
  stop(): Promise<string>;
  /** Resets the emulated chip (SIGUSR1, what pulling CEN low does) and waits until it says so. */
  reset(): Promise<void>;
}

/** Runs `fwkit emulate ... --json` as a real process and waits for the port it prints. */
export function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'emulate', ...args, '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stderr}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${stderr}`)));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      try {
        const document = JSON.parse(stdout) as { port: string };
        clearTimeout(timer);
        resolve({
          port: document.port,
          document,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
            return stderr;
          },
          reset: () =>
            new Promise<void>((done) => {
              const before = stderr.split('reset:').length;
              const check = () => (stderr.split('reset:').length > before ? done() : setTimeout(check, 20));
              child.kill('SIGUSR1');
              check();
            }),
        });
      } catch {
        /* the JSON document is not complete yet */
      }
    });
  });
}

/** `fwkit emulate` over a copy of `image` in a new temporary folder (where the test may put its own files too). */
export async function emulateImage(image: Uint8Array, args: string[]): Promise<EmulatorProcess & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-emulate-'));
  const source = join(dir, 'chip.bin');
  writeFileSync(source, image);
  return { dir, ...(await startEmulatorProcess(['--image', source, ...args])) };
}
