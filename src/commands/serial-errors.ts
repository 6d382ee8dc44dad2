import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { LinkError, WrongChipError } from '../flash/beken/session.js';
import { ProtocolError } from '../flash/beken/client.js';
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

/** Device-side failures as user errors; anything else passes through unchanged. */
export function deviceError(error: unknown): unknown {
  if (error instanceof WrongChipError) return new UserError(error.message, ExitCode.refused);
  if (error instanceof LinkError || error instanceof ProtocolError || error instanceof PtyUnavailableError) {
    return new UserError(error.message, ExitCode.device);
  }
  return error;
}
