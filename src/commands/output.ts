import type { Argv } from 'yargs';
import { writeFileAtomic } from './files.js';
import { printJson, type CommonOptions } from './run.js';

/** The options of every command that writes one file. */
export interface OutputOptions extends CommonOptions {
  output: string;
  overwrite?: boolean;
}

export function withOutputOptions<T>(y: Argv<T>, what: string): Argv<T & { output: string; overwrite: boolean | undefined }> {
  return y
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: `where to write ${what}` })
    .option('overwrite', { type: 'boolean', describe: 'replace the output file if it exists' });
}

/** Writes the result atomically, then says what was written: one JSON document, or one line. */
export function writeOutput(args: OutputOptions, bytes: Uint8Array, summary: Record<string, unknown>, sentence: string): void {
  writeFileAtomic(args.output, bytes, { overwrite: args.overwrite });
  if (args.json) printJson({ output: args.output, size: bytes.length, ...summary });
  else process.stdout.write(`${args.output}: ${bytes.length} bytes, ${sentence}\n`);
}
