import { spawn } from 'node:child_process';
import { openPtyPair } from '../../../src/flash/pty-pair.js';
import { SerialTransport } from '../../../src/flash/serial-transport.js';
import { BouffaloEmulator, type BouffaloEmulatorOptions } from '../../../src/flash/emulator/bouffalo.js';
import { cliPath, repoRoot } from '../../support/paths.js';

/** A Bouffalo emulator on the device end of a real pseudo-terminal pair, in this process. */
export async function startBouffaloOnPty(options: BouffaloEmulatorOptions) {
  const pair = await openPtyPair();
  const device = await SerialTransport.open(pair.devicePath);
  const chip = new BouffaloEmulator(options);
  const detach = chip.attach(device);
  return {
    chip,
    hostPath: pair.hostPath,
    close: async () => {
      detach();
      await device.close();
      await pair.close();
    },
  };
}

export interface AsyncCliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without blocking this process's event loop (the emulator lives here). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<AsyncCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
