import type { CommandModule } from 'yargs';
import { checkExpectedFamily, inspectImage } from '../formats/inspect.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { printJson, runCommand, type CommonOptions } from './run.js';

interface InspectArgs extends CommonOptions {
  file: string;
  family?: string;
}

export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <file>',
  describe: 'identify a dump or image by its content and say whether it is intact and restorable',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'flash dump, QIO/UA image, RBL, UG, BL image...' })
      .example('$0 inspect samples/bk7231n-dump.bin', 'report on a sample dump')
      .option('family', { type: 'string', describe: 'the chip you expect (e.g. BK7231N): warn when the file is for another one' })
      .example('$0 inspect backup.bin --json', 'the same as one JSON document')
      .example('$0 inspect OpenBK7231T_QIO.bin --family BK7231N', 'check an image is for your chip before flashing'),
  handler: (args) =>
    runCommand(args, async () => {
      const data = readInputFile(args.file);
      const found = inspectImage(data);
      const report = args.family ? checkExpectedFamily(found, args.family) : found;
      if (args.json) printJson({ file: args.file, ...report });
      else {
        // Tables load only when printed: cli-table3 costs start-up time the --json path does not need.
        const { renderReport } = await import('./render-report.js');
        process.stdout.write(renderReport(args.file, report));
      }
      return report.verdict.restorable ? ExitCode.ok : ExitCode.negative;
    }),
};
