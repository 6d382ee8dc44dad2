import type { CommandModule } from 'yargs';
import { hex } from '../formats/errors.js';
import { extractPart } from '../formats/bouffalo/extract.js';
import { readInputFile } from './files.js';
import { withOutputOptions } from './output.js';
import { Gate, withForceOption, type ConvertArgs } from './convert-support.js';
import { decodeOtaHeader, isOtaFile } from '../formats/bouffalo/ota-header.js';
import { otaFirmware } from '../formats/bouffalo/ota-xz.js';
import { runCommand } from './run.js';

interface ExtractArgs extends ConvertArgs {
  file: string;
  part: string;
  slot?: number;
}

export const blExtractCommand: CommandModule<object, ExtractArgs> = {
  command: 'extract <file> <part>',
  describe: 'take one part out of a BL602/BL702 dump, merged image, firmware image or RAW OTA file',
  builder: (y) =>
    withForceOption(withOutputOptions(y, 'the part'))
      .positional('file', { type: 'string', demandOption: true, describe: 'dump, merged image, firmware image or .ota file' })
      .positional('part', {
        type: 'string',
        demandOption: true,
        describe: 'firmware (boot header + image of the active FW slot), app (the bare application), boot2, table, or a partition name (PSM, factory, ...)',
      })
      .option('slot', { type: 'number', choices: [0, 1], describe: 'take this slot of a two-slot partition instead of the active one' })
      .example('$0 bl extract backup.bin app -o app.bin', 'the application that runs, without its header')
      .example('$0 bl extract backup.bin factory -o factory.dtb', "the board's RF and crystal parameters")
      .example('$0 bl extract FW_OTA.bin.xz.ota firmware -o fw.bin', 'unpack an OTA file (RAW or XZ) to the firmware image it carries'),
  handler: (args) =>
    runCommand(
      args,
      async () => {
        let data = readInputFile(args.file);
        // An XZ OTA payload is inflated first; offsets then count in the inflated firmware image.
        const xz = isOtaFile(data) && decodeOtaHeader(data).type === 'XZ';
        if (xz) data = await otaFirmware(data);
        const part = extractPart(data, args.part, args.slot as 0 | 1 | undefined);
        const description = xz ? `${part.description} of the inflated XZ payload` : part.description;
        const gate = new Gate(args);
        if (args.part === 'firmware') gate.output(part.bytes, 'bl-firmware');
        const summary = { part: args.part, description, offset: part.offset, inflated: xz };
        return gate.write(part.bytes, summary, `${description} (from ${hex(part.offset)} in ${xz ? 'the payload of ' : ''}${args.file})`);
      },
      args.file,
    ),
};
