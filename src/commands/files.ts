import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';

/** Larger than any flash these chips carry (BK7258: 8 MiB); a bigger file is not a dump. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes % 1048576 === 0 ? 0 : 1)} MiB`;
}

/**
 * The files this command has read, by device and inode (and resolved path): an output must never be one
 * of them, whatever its name (a symlink or hard link to the input is the input).
 */
const inputsRead = new Map<string, string>();

function fileKey(stat: { dev: number; ino: number }): string {
  return `${stat.dev}:${stat.ino}`;
}

/** Reads a whole input file, with one clear sentence for each way that can fail. */
export function readInputFile(path: string, { allowEmpty = false } = {}): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`${path}: is a directory, not a file`);
    if (!stat.isFile()) throw new UserError(`${path}: is not a regular file`);
    size = stat.size;
    inputsRead.set(fileKey(stat), path);
    inputsRead.set(resolve(path), path);
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

export interface OutputOptions {
  /** Replace an existing regular file. */
  overwrite?: boolean;
  /** The one case where the output is the input on purpose (emulate --save writes the flash back to --image). */
  replacesInput?: boolean;
}

/**
 * Checks an output path before anything is written: never one of this command's inputs, even with
 * --overwrite (exit 2); never a device node, FIFO, socket or directory (exit 2); an existing file only
 * with --overwrite (exit 5).
 */
export function refuseExisting(path: string, overwrite = false, { replacesInput = false } = {}): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    stat = null;
  }
  const input = stat ? inputsRead.get(fileKey(stat)) : inputsRead.get(resolve(path));
  if (input !== undefined && !replacesInput) {
    throw new UserError(`${path}: is the input file ${input}; fwkit never writes over its own input, even with --overwrite: name another output`, ExitCode.usage);
  }
  if (!stat) return;
  if (stat.isDirectory()) throw new UserError(`${path}: is a directory; name an output file`, ExitCode.usage);
  if (!stat.isFile()) throw new UserError(`${path}: is not a regular file (a device node, FIFO or socket); fwkit writes its outputs only to regular files`, ExitCode.usage);
  if (!overwrite) {
    throw new UserError(`${path}: already exists; fwkit will not overwrite it (pass --overwrite to replace it)`, ExitCode.refused);
  }
}

/**
 * Writes a file atomically: a temporary file beside it, fsync, then rename.
 * An existing file is never replaced unless `overwrite` is set.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, { overwrite = false, replacesInput = false }: OutputOptions = {}): void {
  refuseExisting(path, overwrite, { replacesInput });
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
