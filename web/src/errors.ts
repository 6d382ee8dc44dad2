/**
 * Anything thrown, as the one sentence the CLI prints for it: refusals, job failures, link and chip
 * errors carry their sentence; a damaged file is named with the offset; the rest is an internal error.
 */
import { FormatError } from '../../src/formats/errors.js';
import { JobError } from '../../src/jobs/job-error.js';
import { GateRefused } from '../../src/flash/gate/refusal.js';

/** What kind of failure, for the page's styling and tests: the CLI's exit-code classes by name. */
export type FailureKind = 'refused' | 'device' | 'usage' | 'bad-input' | 'internal';

export function failureKind(error: unknown): FailureKind {
  if (error instanceof JobError) return error.reason === 'badInput' ? 'bad-input' : error.reason;
  if (error instanceof GateRefused) return error.reason === 'input' ? 'bad-input' : error.reason === 'usage' ? 'usage' : 'refused';
  if (error instanceof FormatError) return 'bad-input';
  if (error instanceof Error && /^(LinkError|WrongChipError|ProtocolError|NoReplyError|ChipError|BouffaloSetupError|TransportClosedError|TransportTimeoutError)$/.test(error.name)) {
    return error.name === 'WrongChipError' ? 'refused' : 'device';
  }
  if (error instanceof DOMException) return 'device';
  return 'internal';
}

export function describeError(error: unknown, file?: string): string {
  if (error instanceof FormatError) return `${file ? `${file}: ` : ''}${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  if (failureKind(error) === 'internal') return `internal error: ${message}`;
  return message;
}
