/**
 * A job's failure meant for the user: one sentence and why, which each face turns into its own signal
 * (the CLI: an exit code). `device`: the link or the chip failed; `refused`: unsafe without an override;
 * `usage`: the request itself is wrong; `badInput`: a file is not what the job needs.
 */
export type JobFailure = 'device' | 'refused' | 'usage' | 'badInput';

export class JobError extends Error {
  constructor(
    message: string,
    readonly reason: JobFailure,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

export function hex(value: number): string {
  return `0x${value.toString(16).toUpperCase()}`;
}

/** Bytes per second of a transfer, for reports. */
export function rate(bytes: number, startedMs: number): number {
  return Math.round(bytes / Math.max(0.001, (Date.now() - startedMs) / 1000));
}

/** --offset/--length checks shared by read, erase and verify. */
export function checkRange(offset: number, length: number, flashSize: number): void {
  if (offset % 0x1000 || length % 0x1000) throw new JobError(`--offset and --length must be multiples of 4096 (0x1000); got ${hex(offset)} and ${hex(length)}`, 'usage');
  if (length <= 0 || offset + length > flashSize) {
    throw new JobError(`the range ${hex(offset)}+${hex(length)} does not fit the ${flashSize / 1048576} MiB flash`, 'usage');
  }
}
