import type { CommandModule } from 'yargs';
import { decryptApp, plainAppProblems } from '../formats/convert/beken-images.js';
import { readBekenSource } from '../formats/convert/beken-source.js';
import { findAppIdentity } from '../formats/beken/app-identity.js';
import { Gate, keyOptionHelp, parseKeyOption, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface DecryptArgs extends ConvertArgs {
  input: string;
  key?: string;
}

export const convertDecryptCommand: CommandModule<object, DecryptArgs> = {
  command: 'decrypt <input>',
  describe: 'dump, QIO or UA -> the plain app image (CRCs stripped, decrypted), linked at 0x10000',
  builder: (y) =>
    withConvertOptions(y, 'the plain app')
      .positional('input', { type: 'string', demandOption: true, describe: 'flash dump, QIO or UA' })
      .option('key', { type: 'string', describe: `${keyOptionHelp}; by default the key recovered from the bootloader, or Tuya's/plaintext for a UA` })
      .example('$0 convert decrypt backup.bin -o app_plain.bin', 'the app to study in a disassembler (load address 0x10000)'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const data = readInputFile(args.input);
        const source = readBekenSource(data, undefined, parseKeyOption(args.key, null) ?? undefined);
        gate.input(args.input, source.report);
        const result = decryptApp(source);
        gate.check(args.input, result.problems);
        gate.check(args.output, plainAppProblems(result.bytes, result.expected));
        const app = source.report.app?.name ?? findAppIdentity(result.bytes).name;
        const summary = { kind: 'plain-app', loadAddress: 0x10000, app, timestamp: result.expected?.timestamp ?? null };
        return gate.write(result.bytes, summary, `plain app${app ? ` of ${app}` : ''}, load address 0x10000`);
      },
      args.input,
    ),
};
