import { spawn } from 'node:child_process';
import { BouffaloEmulator, type BouffaloEmulatorOptions } from '../../../src/flash/emulator/bouffalo.js';
import { cliPath, repoRoot } from '../../support/paths.js';
import { attachOnPty, type OnPty } from '../../flash/support/emulated-chip.js';

/** A Bouffalo emulator on the device end of a real pseudo-terminal pair, in this process; its wire applies the client's rate. */
export function startBouffaloOnPty(options: BouffaloEmulatorOptions): Promise<OnPty<BouffaloEmulator>> {
  return attachOnPty(new BouffaloEmulator(options));
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
