import type { CommandModule } from 'yargs';
import { toUa } from '../formats/convert/beken-images.js';
import { readBekenSource } from '../formats/convert/beken-source.js';
import { Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface UaArgs extends ConvertArgs {
  input: string;
}

export const convertUaCommand: CommandModule<object, UaArgs> = {
  command: 'ua <input>',
  describe: 'QIO, full (or rotated) dump, bootloader+app dump or restore image -> UA: the app partition to write at 0x11000',
  builder: (y) =>
    withConvertOptions(y, 'the UA image')
      .positional('input', { type: 'string', demandOption: true, describe: 'QIO image or flash dump' })
      .example('$0 convert ua OpenBK7231N_QIO_1.17.bin -o OpenBK7231N_UA_1.17.bin', 'the UA of a QIO build')
      .example('$0 convert ua backup.bin -o app_UA.bin --json', "a dump's app partition, reported as JSON"),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const source = readBekenSource(readInputFile(args.input));
        gate.input(args.input, source.report);
        const { bytes } = toUa(source);
        const out = gate.output(bytes, 'ua');
        return gate.write(bytes, { kind: 'ua', family: out.family, app: out.app?.name ?? null }, `UA of ${out.app?.name ?? 'the app'}: write it at 0x11000`);
      },
      args.input,
    ),
};
