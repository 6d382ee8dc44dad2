import type { CommandModule } from 'yargs';
import { toRestoreImage } from '../formats/convert/beken-images.js';
import { readBekenSource } from '../formats/convert/beken-source.js';
import { Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface RestoreArgs extends ConvertArgs {
  dump: string;
}

export const convertRestoreCommand: CommandModule<object, RestoreArgs> = {
  command: 'restore <dump>',
  describe: 'full dump -> restore image: everything from 0x11000 on (app and all data), to write at 0x11000',
  builder: (y) =>
    withConvertOptions(y, 'the restore image')
      .positional('dump', { type: 'string', demandOption: true, describe: 'full flash dump (a rotated one is put in order first)' })
      .example('$0 convert restore backup.bin -o restore_0x11000.bin', 'what a BK7231T (whose bootloader cannot be rewritten) can take back'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const source = readBekenSource(readInputFile(args.dump));
        gate.input(args.dump, source.report);
        const { bytes } = toRestoreImage(source);
        const out = gate.output(bytes, 'restore-image');
        return gate.write(bytes, { kind: 'restore-image', family: out.family, app: out.app?.name ?? null, writeAt: 0x11000 }, 'app and data: write it at 0x11000');
      },
      args.dump,
    ),
};
