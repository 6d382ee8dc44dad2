import type { CommandModule } from 'yargs';
import { buildRawOta } from '../formats/bouffalo/ota-header.js';
import { readBootImage, FIRMWARE_IMAGE_GAP } from '../formats/bouffalo/boot-image.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { withOutputOptions } from './output.js';
import { Gate, withForceOption, type ConvertArgs } from './convert-support.js';
import { runCommand } from './run.js';
import { UserError } from './errors.js';

interface OtaArgs extends ConvertArgs {
  firmware: string;
  'hw-version': string;
  'sw-version': string;
}

export const blOtaCommand: CommandModule<object, OtaArgs> = {
  command: 'ota <firmware>',
  describe: 'make a RAW OTA file (bl_iot_sdk format) from a firmware image made by `bl wrap` or `bl extract ... firmware`',
  builder: (y) =>
    withForceOption(withOutputOptions(y, 'the .ota file'))
      .positional('firmware', { type: 'string', demandOption: true, describe: 'firmware image: boot header, then the image 4 KiB in' })
      .option('hw-version', { type: 'string', default: 'BFL_Module_v1.1', describe: 'hardware version string (at most 16 characters)' })
      .option('sw-version', { type: 'string', default: '', describe: 'software version string (at most 16 characters)' })
      .example('$0 bl ota fw.bin -o FW_OTA.bin.ota --sw-version 1.18.57', 'an OTA file the SDK OTA updater accepts'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const firmware = readInputFile(args.firmware);
        const image = readBootImage(firmware, 0, FIRMWARE_IMAGE_GAP);
        if (image.hash === 'bad' || image.hash === 'truncated') {
          throw new UserError(`${args.firmware}: the image at 0x1000 ${image.hash === 'bad' ? 'does not match its header SHA-256' : 'is shorter than its header says'}; this is not a sound firmware image`);
        }
        let ota: Uint8Array;
        try {
          ota = buildRawOta(firmware, { hardwareVersion: args['hw-version'], softwareVersion: args['sw-version'] });
        } catch (error) {
          if (error instanceof RangeError) throw new UserError(error.message, ExitCode.usage);
          throw error;
        }
        const gate = new Gate(args);
        gate.output(ota, 'bl-ota');
        return gate.write(ota, { type: 'RAW', payloadLength: firmware.length }, `RAW OTA of a ${firmware.length}-byte firmware image`);
      },
      args.firmware,
    ),
};
