import { statSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { checkExpectedFamily, inspectImage } from '../formats/inspect.js';
import { familyOption } from './chip-option.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import { numberOption } from './numbers.js';

interface InspectArgs extends CommonOptions {
  file: string;
  files?: string[];
  family?: string;
  glob?: string[];
  jobs?: number;
}

/** One named path that is not a folder, and no filter: the single-file report, as it has always been. */
function isSingleFile(args: InspectArgs): boolean {
  if (args.files?.length || args.glob?.length) return false;
  try {
    return !statSync(args.file).isDirectory();
  } catch {
    return true; // a missing file gets the single-file error sentence
  }
}

async function inspectOne(args: InspectArgs, file: string): Promise<number> {
  const data = readInputFile(file);
  const found = inspectImage(data);
  const report = args.family ? checkExpectedFamily(found, args.family) : found;
  if (args.json) printJson({ file, ...report });
  else {
    // Tables load only when printed: cli-table3 costs start-up time the --json path does not need.
    const { renderReport } = await import('./render-report.js');
    process.stdout.write(renderReport(file, report));
  }
  return report.verdict.restorable ? ExitCode.ok : ExitCode.negative;
}

export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <file> [files..]',
  describe: 'identify dumps or images by their content and say whether each is intact and restorable',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'flash dump, QIO/UA image, RBL, UG, BL image... or a folder of them' })
      .positional('files', { type: 'string', array: true, describe: 'more files or folders: one row (or JSON line) per file' })
      .example('$0 inspect samples/bk7231n-dump.bin', 'report on a sample dump')
      .option('family', familyOption('inspect', 'the chip family you expect: warn when the file is for another one'))
      .option('glob', { type: 'string', array: true, describe: 'only files in the folders whose path matches (e.g. "*.bin"; a pattern without / matches the name)' })
      .option('jobs', numberOption('jobs', 'threads', { alias: 'j', describe: 'worker threads for many files (default: one per core)' }))
      .example('$0 inspect backup.bin --json', 'the same as one JSON document')
      .example('$0 inspect OpenBK7231T_QIO.bin --family BK7231N', 'check an image is for your chip before flashing')
      .example('$0 inspect dumps/ --glob "*.bin" --json', 'every .bin under dumps/, one JSON line per file'),
  handler: (args) =>
    runCommand(
      args,
      async () => {
        if (isSingleFile(args)) return inspectOne(args, args.file);
        const { inspectMany } = await import('./collection/inspect-many.js');
        return inspectMany({ paths: [args.file, ...(args.files ?? [])], globs: args.glob, jobs: args.jobs, family: args.family, json: args.json });
      },
    ),
};
