import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { bekenFailure } from '../jobs/beken-connect.js';
import { PtyUnavailableError } from '../flash/pty-pair.js';

/** Why a serial port would not open, in one sentence with the fix. */
export function portOpenError(path: string, error: unknown): UserError {
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT|No such file/i.test(text)) {
    return new UserError(`${path}: no such serial port; check --port (USB adapters usually appear as /dev/ttyUSB0 or /dev/ttyACM0)`, ExitCode.device);
  }
  if (/EACCES|Permission denied/i.test(text)) {
    return new UserError(`${path}: permission denied; add your user to the dialout group (then log in again) or run with access to the port`, ExitCode.device);
  }
  if (/EBUSY|busy|lock/i.test(text)) return new UserError(`${path}: the port is in use by another program; close it and try again`, ExitCode.device);
  if (/ENOTTY|Inappropriate ioctl/i.test(text)) return new UserError(`${path}: this is not a serial port; check --port`, ExitCode.device);
  return new UserError(`${path}: the port cannot be opened (${text})`, ExitCode.device);
}

/** Device-side failures as user errors (a pty that cannot be made, or the Beken job's own mapping); anything else passes through. */
export function deviceError(error: unknown): unknown {
  if (error instanceof PtyUnavailableError) return new UserError(error.message, ExitCode.device);
  return bekenFailure(error);
}
