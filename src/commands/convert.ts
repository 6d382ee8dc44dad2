import type { CommandModule } from 'yargs';
import { convertDecryptCommand } from './convert-decrypt.js';
import { convertEncryptCommand } from './convert-encrypt.js';
import { convertQioCommand } from './convert-qio.js';
import { convertRblPackCommand } from './convert-rbl-pack.js';
import { convertRblUnpackCommand } from './convert-rbl-unpack.js';
import { convertRestoreCommand } from './convert-restore.js';
import { convertUaCommand } from './convert-ua.js';
import { convertUgUnwrapCommand, convertUgWrapCommand } from './convert-ug.js';
import { convertUnrotateCommand } from './convert-unrotate.js';

/** `fwkit convert ...`: the same Beken firmware in another shape, every result re-inspected before it is written. */
export const convertCommand: CommandModule = {
  command: 'convert <command>',
  describe: 'Beken images in another shape: QIO <-> UA, restore image, un-rotate, decrypt/encrypt the app, RBL and UG packages',
  builder: (y) =>
    y
      .command(convertUaCommand)
      .command(convertQioCommand)
      .command(convertRestoreCommand)
      .command(convertUnrotateCommand)
      .command(convertDecryptCommand)
      .command(convertEncryptCommand)
      .command(convertRblPackCommand)
      .command(convertRblUnpackCommand)
      .command(convertUgWrapCommand)
      .command(convertUgUnwrapCommand)
      .demandCommand(1, 'Name a convert command (see the list above).')
      .epilogue('Every result is inspected before it is written; a damaged or wrong-family input, or a result inspect would not accept, is refused (exit 5) unless --force.'),
  handler: () => undefined,
};
