import { describeError } from './errors.js';

export interface CommonOptions {
  json?: boolean;
  debug?: boolean;
}

/**
 * Runs a command body: its return value is the exit code; anything thrown becomes one sentence
 * on stderr (a stack trace only with --debug) and the matching exit code.
 */
export async function runCommand(options: CommonOptions, body: () => Promise<number> | number, file?: string): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    const { message, exitCode } = describeError(error, file);
    if (options.json) {
      process.stdout.write(JSON.stringify({ error: message, exitCode }, null, 2) + '\n');
    }
    process.stderr.write(`fwkit: ${message}\n`);
    if (options.debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    process.exitCode = exitCode;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
