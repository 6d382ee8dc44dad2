import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { samplePath } from '../support/paths.js';

/** A collection run over real corpora takes seconds of CPU per worker; the machine may be busy. */
export const SLOW = { timeoutMs: 170_000 };

export function runSlow(args: string[]): CliResult {
  return runCli(args, SLOW);
}

/** Each line of JSON Lines output parsed on its own (a line that is not JSON fails the test). */
export function jsonLines<T = Record<string, unknown>>(stdout: string): T[] {
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => JSON.parse(line) as T);
}

/** Every file below a folder, by its own independent listing: sorted, dot-names skipped, '/' separators. */
export function listFiles(root: string, below = ''): string[] {
  const out: string[] = [];
  const names = readdirSync(join(root, below)).filter((n) => !n.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const rel = below ? `${below}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...listFiles(root, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * A small archive with trouble in it: two identical dumps under different names, a damaged dump, a text
 * file, an empty file, a dangling link, a file past the 32 MiB limit (sparse), a hidden folder; the good
 * dump sorts after the bad files so that a run that stopped early would miss it.
 */
export function troubledArchive(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-archive-'));
  mkdirSync(join(dir, 'devices/plug'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  copyFileSync(samplePath('bk7231n-dump.bin'), join(dir, 'devices/plug/z-backup.bin'));
  copyFileSync(samplePath('bk7231n-dump.bin'), join(dir, 'devices/plug copy (2).bin'));
  copyFileSync(samplePath('bk7231n-damaged-dump.bin'), join(dir, 'devices/damaged.bin'));
  copyFileSync(samplePath('bl602-fw.ota'), join(dir, 'bl602-fw.ota'));
  copyFileSync(samplePath('bk7231t-dump.bin'), join(dir, '.git/hidden.bin'));
  writeFileSync(join(dir, 'devices/plug/notes.txt'), 'bought 2023, CB2S module, relay on P26\n');
  writeFileSync(join(dir, 'devices/plug/empty.bin'), '');
  symlinkSync(join(dir, 'gone.bin'), join(dir, 'devices/plug/dangling.bin'));
  writeFileSync(join(dir, 'devices/huge.bin'), '');
  truncateSync(join(dir, 'devices/huge.bin'), 33 * 1024 * 1024);
  return dir;
}
