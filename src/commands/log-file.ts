/**
 * The monitor's --log file: bytes are appended as they arrive (so it can be followed while the
 * monitor runs) and it holds exactly what was received. An existing file is kept unless --overwrite.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';

export interface LogFile {
  readonly path: string;
  write(chunk: Uint8Array): void;
  close(): void;
}

export function openLogFile(path: string, { overwrite = false } = {}): LogFile {
  let fd: number;
  try {
    fd = openSync(path, overwrite ? 'w' : 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UserError(`${path}: already exists; fwkit will not overwrite it (pass --overwrite to replace it)`, ExitCode.refused);
    }
    throw new UserError(`${path}: cannot be created (${code ?? String(error)})`);
  }
  let open = true;
  return {
    path,
    write(chunk) {
      let written = 0;
      while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
    },
    close() {
      if (!open) return;
      open = false;
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}
