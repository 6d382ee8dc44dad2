import type { CommandModule } from 'yargs';
import { unpackRbl } from '../formats/convert/beken-ota.js';
import { appFamily, plainAppProblems } from '../formats/convert/beken-images.js';
import { aesOption, Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface RblUnpackArgs extends ConvertArgs {
  input: string;
  'aes-key'?: string;
  'aes-iv'?: string;
}

export const convertRblUnpackCommand: CommandModule<object, RblUnpackArgs> = {
  command: 'rbl-unpack <input>',
  describe: 'RBL OTA package (or Tuya UG file) -> the plain app, checked against its size and FNV-1a hash',
  builder: (y) =>
    withConvertOptions(y, 'the plain app')
      .positional('input', { type: 'string', demandOption: true, describe: '.rbl or _UG_ file' })
      .option('aes-key', { type: 'string', describe: 'AES-256 key: 32 ASCII characters or 64 hex digits (default: the Tuya/OpenBeken key)' })
      .option('aes-iv', { type: 'string', describe: 'AES IV: 16 ASCII characters or 32 hex digits (default 0123456789ABCDEF)' })
      .example('$0 convert rbl-unpack OpenBK7231N_1.17.0.rbl -o app_plain.bin', 'the app inside an OTA package'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const aes = { key: aesOption(args['aes-key'], 32, 'aes-key'), iv: aesOption(args['aes-iv'], 16, 'aes-iv') };
        const result = unpackRbl(readInputFile(args.input), aes);
        gate.check(args.input, result.problems);
        gate.family(args.input, appFamily(result.bytes));
        gate.check(args.output, plainAppProblems(result.bytes, { sizeRaw: result.header.sizeRaw, hash: result.header.hash }));
        const { name, version } = result.header;
        return gate.write(result.bytes, { kind: 'plain-app', partition: name, version, loadAddress: 0x10000 }, `plain "${name}" version ${version}, size and hash checked`);
      },
      args.input,
    ),
};
