import type { CommandModule } from 'yargs';
import { FormatError, hex } from '../formats/errors.js';
import { templateHeader, wrapFirmware } from '../formats/bouffalo/firmware-image.js';
import { decodeBootHeader } from '../formats/bouffalo/boot-header.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { withOutputOptions } from './output.js';
import { Gate, withForceOption, type ConvertArgs } from './convert-support.js';
import { runCommand } from './run.js';
import { FIRMWARE_IMAGE_GAP } from '../formats/bouffalo/boot-image.js';
import { UserError } from './errors.js';
import { numberOption } from './numbers.js';

interface WrapArgs extends ConvertArgs {
  app: string;
  template: string;
  'template-offset': number;
}

export const blWrapCommand: CommandModule<object, WrapArgs> = {
  command: 'wrap <app>',
  describe: 'put a boot header in front of a raw BL602/BL702 application: the image boot2 loads from a FW slot',
  builder: (y) =>
    withForceOption(withOutputOptions(y, 'the firmware image'))
      .positional('app', { type: 'string', demandOption: true, describe: 'raw application binary (linked for 0x23000000)' })
      .option('template', {
        type: 'string',
        demandOption: true,
        describe: 'file whose boot header gives the flash and clock settings: a dump of the target, or the SDK bootinfo.bin',
      })
      .option('template-offset', numberOption('template-offset', 'address', { default: 0, describe: 'offset of that header in the template file (0x10000: the FW header of a dump)' }))
      .example('$0 bl wrap app.bin --template backup.bin -o fw.bin', 'reuse the flash settings of a dump of the same board')
      .example('$0 bl wrap OpenBL602.bin --template bootinfo.bin -o fw.bin --json', 'the same, reporting as JSON'),
  handler: (args) =>
    runCommand(args, () => {
      const app = readInputFile(args.app);
      const template = readInputFile(args.template);
      let image: Uint8Array;
      try {
        image = wrapFirmware(app, templateHeader(template, args['template-offset']));
      } catch (error) {
        if (error instanceof RangeError) throw new UserError(`${args.app}: ${error.message}`);
        if (error instanceof FormatError) throw new UserError(`${args.template}: ${error.message}`);
        throw error;
      }
      const { imageLength } = decodeBootHeader(image);
      const summary = { imageOffset: FIRMWARE_IMAGE_GAP, imageLength, appLength: app.length };
      const gate = new Gate(args);
      gate.output(image, 'bl-firmware');
      return gate.write(image, summary, `boot header, then the ${imageLength}-byte image at ${hex(FIRMWARE_IMAGE_GAP)} (write it at the FW slot, e.g. 0x10000)`);
    }),
};
