import type { CommandModule } from 'yargs';
import { toQio } from '../formats/convert/beken-images.js';
import { readBekenSource } from '../formats/convert/beken-source.js';
import { Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface QioArgs extends ConvertArgs {
  ua: string;
  bootloader: string;
}

export const convertQioCommand: CommandModule<object, QioArgs> = {
  command: 'qio <ua>',
  describe: "UA + the device's bootloader (from a dump or QIO of the same chip) -> QIO to write at 0",
  builder: (y) =>
    withConvertOptions(y, 'the QIO image')
      .positional('ua', { type: 'string', demandOption: true, describe: 'UA image (app partition)' })
      .option('bootloader', { type: 'string', demandOption: true, describe: 'dump or QIO whose first 0x11000 bytes (the bootloader partition) are used' })
      .example('$0 convert qio OpenBK7231N_UA_1.17.bin --bootloader backup.bin -o full_QIO.bin', "a QIO with this device's own bootloader"),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const ua = readBekenSource(readInputFile(args.ua));
        gate.input(args.ua, ua.report);
        const bootloader = readBekenSource(readInputFile(args.bootloader));
        gate.input(args.bootloader, bootloader.report);
        const result = toQio(ua, bootloader);
        gate.check(args.ua, result.problems);
        const out = gate.output(result.bytes, 'qio');
        return gate.write(result.bytes, { kind: 'qio', family: out.family, bootloader: out.bootloader?.version ?? null, app: out.app?.name ?? null }, `QIO of ${out.app?.name ?? 'the app'} with the ${out.bootloader?.version ?? ''} bootloader`.replace('  ', ' '));
      },
      args.ua,
    ),
};
