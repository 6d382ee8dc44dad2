import type { CommandModule } from 'yargs';
import { toUnrotated } from '../formats/convert/beken-images.js';
import { readBekenSource } from '../formats/convert/beken-source.js';
import { Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface UnrotateArgs extends ConvertArgs {
  dump: string;
}

export const convertUnrotateCommand: CommandModule<object, UnrotateArgs> = {
  command: 'unrotate <dump>',
  describe: 'a dump read from 0x11000 with wrap-around -> the same dump in flash order',
  builder: (y) =>
    withConvertOptions(y, 'the dump in flash order')
      .positional('dump', { type: 'string', demandOption: true, describe: 'dump that `inspect` reports as rotated' })
      .example('$0 convert unrotate rotated.bin -o backup.bin', 'put a rotated BK7231T read back in order before restoring it'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const source = readBekenSource(readInputFile(args.dump));
        gate.input(args.dump, source.report);
        const { bytes } = toUnrotated(source);
        const out = gate.output(bytes, 'full-dump');
        if (out.app?.name !== source.report.app?.name) gate.check(args.output, [`the app reads as ${out.app?.name ?? 'nothing'} after un-rotating, ${source.report.app?.name ?? 'nothing'} before`]);
        return gate.write(bytes, { kind: 'full-dump', family: out.family, app: out.app?.name ?? null }, 'the dump in flash order');
      },
      args.dump,
    ),
};
