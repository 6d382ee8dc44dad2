/** `fwkit flash read`: the read job with its output file (written atomically) and `<out>.partial` beside it. */
import { appendFileSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { bekenRead, type ReadStore } from '../jobs/read.js';
import { ExitCode } from './exit-codes.js';
import { refuseExisting, writeFileAtomic } from './files.js';
import { hex, openSession, type ConnectArgs } from './flash-connect.js';
import { terminalHooks } from './progress.js';
import { printJson } from './run.js';

export interface ReadArgs extends ConnectArgs {
  out: string;
  offset: number;
  length?: number;
  resume?: boolean;
  overwrite?: boolean;
}

export function partialPath(out: string): string {
  return `${out}.partial`;
}

/** The output file, written atomically; refused up front when it exists (without --overwrite). */
export function outputFile(out: string, overwrite: boolean | undefined): Pick<ReadStore, 'checkOutput' | 'save'> {
  return { checkOutput: () => refuseExisting(out, overwrite), save: (data) => writeFileAtomic(out, data, { overwrite: !!overwrite }) };
}

/** The output file, and the `.partial` file beside it that an interrupted read leaves for --resume. */
function fileReadStore(out: string, overwrite: boolean | undefined): ReadStore {
  const partial = partialPath(out);
  const output = outputFile(out, overwrite);
  return {
    checkOutput: output.checkOutput,
    partialName: partial,
    hasPartial: () => existsSync(partial),
    partial: () => new Uint8Array(readFileSync(partial)),
    appendPartial: (data) => appendFileSync(partial, data),
    save: (data) => {
      output.save(data);
      if (existsSync(partial)) unlinkSync(partial);
    },
  };
}

export async function flashRead(args: ReadArgs, say: (line: string) => void): Promise<number> {
  const result = await bekenRead(args, () => openSession(args, say), fileReadStore(args.out, args.overwrite), terminalHooks(args.json, say));
  const summary = { output: args.out, ...result };
  if (args.json) printJson(summary);
  else process.stdout.write(`read ${result.length} bytes from ${hex(result.offset)} of the ${result.family} into ${args.out} (every 64 KiB checked by the chip's CRC) at ${result.bytesPerSecond} B/s, ${result.baudRate} baud\n`);
  return ExitCode.ok;
}
