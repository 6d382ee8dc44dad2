import type { CommandModule } from 'yargs';
import { hex } from '../formats/errors.js';
import { extractPart } from '../formats/bouffalo/extract.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile, writeFileAtomic } from './files.js';
import { printJson, runCommand, type CommonOptions } from './run.js';

interface ExtractArgs extends CommonOptions {
  file: string;
  part: string;
  slot?: number;
  output: string;
  overwrite?: boolean;
}

export const blExtractCommand: CommandModule<object, ExtractArgs> = {
  command: 'extract <file> <part>',
  describe: 'take one part out of a BL602/BL702 dump, merged image, firmware image or RAW OTA file',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'dump, merged image, firmware image or .ota file' })
      .positional('part', {
        type: 'string',
        demandOption: true,
        describe: 'firmware (boot header + image of the active FW slot), app (the bare application), boot2, table, or a partition name (PSM, factory, ...)',
      })
      .option('slot', { type: 'number', choices: [0, 1], describe: 'take this slot of a two-slot partition instead of the active one' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'where to write the part' })
      .option('overwrite', { type: 'boolean', describe: 'replace the output file if it exists' })
      .example('$0 bl extract backup.bin app -o app.bin', 'the application that runs, without its header')
      .example('$0 bl extract backup.bin factory -o factory.dtb', "the board's RF and crystal parameters"),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const data = readInputFile(args.file);
        const part = extractPart(data, args.part, args.slot as 0 | 1 | undefined);
        writeFileAtomic(args.output, part.bytes, { overwrite: args.overwrite });
        if (args.json) printJson({ output: args.output, part: args.part, description: part.description, offset: part.offset, size: part.bytes.length });
        else process.stdout.write(`${args.output}: ${part.bytes.length} bytes, ${part.description} (from ${hex(part.offset)} in ${args.file})\n`);
        return ExitCode.ok;
      },
      args.file,
    ),
};
