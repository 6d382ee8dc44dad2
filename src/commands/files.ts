import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';

/** Larger than any flash these chips carry (BK7258: 8 MiB); a bigger file is not a dump. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes % 1048576 === 0 ? 0 : 1)} MiB`;
}

/** Reads a whole input file, with one clear sentence for each way that can fail. */
export function readInputFile(path: string, { allowEmpty = false } = {}): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`${path}: is a directory, not a file`);
    if (!stat.isFile()) throw new UserError(`${path}: is not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file`);
    throw new UserError(`${path}: cannot be read (${code ?? String(error)})`);
  }
  if (size === 0 && !allowEmpty) throw new UserError(`${path}: the file is empty (0 bytes)`);
  if (size > MAX_INPUT_BYTES) {
    throw new UserError(
      `${path}: the file is ${mib(size)}, larger than any flash of the supported chips (at most ${mib(MAX_INPUT_BYTES)}); it is not a flash dump or image`,
    );
  }
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** An existing file is never replaced unless `overwrite` is set (exit 5). */
export function refuseExisting(path: string, overwrite = false): void {
  if (!overwrite && existsSync(path)) {
    throw new UserError(`${path}: already exists; fwkit will not overwrite it (pass --overwrite to replace it)`, ExitCode.refused);
  }
}

/**
 * Writes a file atomically: a temporary file beside it, fsync, then rename.
 * An existing file is never replaced unless `overwrite` is set.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, { overwrite = false } = {}): void {
  refuseExisting(path, overwrite);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      /* the temp file may not exist */
    }
    throw error;
  }
}
