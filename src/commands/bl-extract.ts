import type { CommandModule } from 'yargs';
import { hex } from '../formats/errors.js';
import { extractPart } from '../formats/bouffalo/extract.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { withOutputOptions, writeOutput, type OutputOptions } from './output.js';
import { runCommand } from './run.js';

interface ExtractArgs extends OutputOptions {
  file: string;
  part: string;
  slot?: number;
}

export const blExtractCommand: CommandModule<object, ExtractArgs> = {
  command: 'extract <file> <part>',
  describe: 'take one part out of a BL602/BL702 dump, merged image, firmware image or RAW OTA file',
  builder: (y) =>
    withOutputOptions(y, 'the part')
      .positional('file', { type: 'string', demandOption: true, describe: 'dump, merged image, firmware image or .ota file' })
      .positional('part', {
        type: 'string',
        demandOption: true,
        describe: 'firmware (boot header + image of the active FW slot), app (the bare application), boot2, table, or a partition name (PSM, factory, ...)',
      })
      .option('slot', { type: 'number', choices: [0, 1], describe: 'take this slot of a two-slot partition instead of the active one' })
      .example('$0 bl extract backup.bin app -o app.bin', 'the application that runs, without its header')
      .example('$0 bl extract backup.bin factory -o factory.dtb', "the board's RF and crystal parameters"),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const data = readInputFile(args.file);
        const part = extractPart(data, args.part, args.slot as 0 | 1 | undefined);
        const summary = { part: args.part, description: part.description, offset: part.offset };
        writeOutput(args, part.bytes, summary, `${part.description} (from ${hex(part.offset)} in ${args.file})`);
        return ExitCode.ok;
      },
      args.file,
    ),
};
