import { spawnSync } from 'node:child_process';
import { cliPath, repoRoot } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process. */
export function runCli(args: string[], options: { input?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runCliJson<T = Record<string, unknown>>(args: string[]): { status: number | null; json: T; stderr: string } {
  const result = runCli([...args, '--json']);
  return { status: result.status, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
}
