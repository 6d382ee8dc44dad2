import { ExitCode } from './exit-codes.js';
import { FormatError } from '../formats/errors.js';
import { GateRefused } from '../flash/gate/refusal.js';
import { JobError, type JobFailure } from '../jobs/job-error.js';

const JOB_EXIT: Record<JobFailure, number> = { device: ExitCode.device, refused: ExitCode.refused, usage: ExitCode.usage, badInput: ExitCode.badInput };

/** An error meant for the user: one sentence, and the exit code that goes with it. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.badInput,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Turns anything thrown into the one sentence the user sees and the exit code. */
export function describeError(error: unknown, file?: string): { message: string; exitCode: number } {
  if (error instanceof UserError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof JobError) return { message: error.message, exitCode: JOB_EXIT[error.reason] };
  if (error instanceof GateRefused) {
    // the gate's one mapping: unsafe -> 5 (the sentence names the override), bad number -> 2, wrong kind of file -> 3
    const exitCode = error.reason === 'usage' ? ExitCode.usage : error.reason === 'input' ? ExitCode.badInput : ExitCode.refused;
    return { message: error.message, exitCode };
  }
  if (error instanceof FormatError) {
    const where = file ? `${file}: ` : '';
    return { message: `${where}${error.message}`, exitCode: ExitCode.badInput };
  }
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && err.path) {
    return { message: `${err.path}: ${systemReason(err.code)}`, exitCode: ExitCode.badInput };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `internal error: ${message} (run again with --debug for details)`, exitCode: 70 };
}

function systemReason(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EEXIST':
      return 'already exists';
    default:
      return `system error ${code}`;
  }
}
