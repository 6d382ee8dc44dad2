/**
 * Reading files out of a tar archive (POSIX ustar, with GNU long names and pax path records), the
 * layout of Python source distributions. Only what finding one file needs: names, sizes, data.
 */
import { FormatError } from './errors.js';
import { latin1Of } from './bytes.js';

const BLOCK = 512;

export interface TarEntry {
  name: string;
  /** '0' (or NUL) for a regular file, '5' for a folder, and so on. */
  type: string;
  data: Uint8Array;
}

/** True when `bytes` starts with a tar header ("ustar" magic at offset 257). */
export function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= BLOCK && latin1Of(bytes, 257, 262) === 'ustar';
}

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return latin1Of(field, 0, end < 0 ? field.length : end);
}

function octal(bytes: Uint8Array, start: number, length: number, at: number): number {
  const digits = text(bytes, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new FormatError(at + start, `tar header field "${digits}" is not an octal number`);
  return digits ? parseInt(digits, 8) : 0;
}

/** The "path" record of a pax extended header ("<len> path=<name>\n" lines). */
function paxPath(data: Uint8Array): string | undefined {
  const records = new TextDecoder().decode(data);
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(records)?.[1];
}

/** The entries in archive order; a long name (GNU 'L' or pax 'x') applies to the entry after it. */
export function* tarEntries(bytes: Uint8Array): Generator<TarEntry> {
  let at = 0;
  let longName: string | undefined;
  while (at + BLOCK <= bytes.length) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) return; // end-of-archive marker
    if (latin1Of(header, 257, 262) !== 'ustar') throw new FormatError(at + 257, 'no "ustar" magic where a tar header should start');
    const size = octal(header, 124, 12, at);
    const type = String.fromCharCode(header[156]!) || '0';
    const dataStart = at + BLOCK;
    if (dataStart + size > bytes.length) throw new FormatError(at + 124, `tar entry announces ${size} bytes but the archive ends first`);
    const data = bytes.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') longName = text(data, 0, data.length);
    else if (type === 'x') longName = paxPath(data) ?? longName;
    else if (type !== 'g') {
      const prefix = text(header, 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      longName = undefined;
      yield { name, type: type === '\0' ? '0' : type, data };
    }
  }
}

/** The first regular file whose path ends with `suffix` (compared per path segment). */
export function findTarFile(bytes: Uint8Array, suffix: string): TarEntry | undefined {
  for (const entry of tarEntries(bytes)) {
    if (entry.type === '0' && (entry.name === suffix || entry.name.endsWith(`/${suffix}`))) return entry;
  }
  return undefined;
}
