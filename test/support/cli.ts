import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from './paths.js';

/** The CLI under test keeps its default backups here, never in the user's data folder. */
export const testDataHome = mkdtempSync(join(tmpdir(), 'fwkit-data-'));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process. */
export function runCli(args: string[], options: { input?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, XDG_DATA_HOME: testDataHome },
    encoding: 'utf8',
    input: options.input,
    // A guard against a hang, not a speed check: generous, so a busy machine does not turn it red.
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runCliJson<T = Record<string, unknown>>(args: string[]): { status: number | null; json: T; stderr: string } {
  const result = runCli([...args, '--json']);
  return { status: result.status, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
}
