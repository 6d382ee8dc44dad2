import type { CommandModule } from 'yargs';
import { plainAppProblems } from '../formats/convert/beken-images.js';
import { findAppIdentity } from '../formats/beken/app-identity.js';
import { encodeTrailerSidecar, trailerFacts } from '../formats/convert/beken-trailer.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { Gate, keyOptionHelp, parseKeyOption, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile, refuseExisting, writeFileAtomic } from './files.js';
import { decryptGated } from './convert-source-command.js';
import { runCommand } from './run.js';

interface DecryptArgs extends ConvertArgs {
  input: string;
  key?: string;
  'trailer-out'?: string;
}

export const convertDecryptCommand: CommandModule<object, DecryptArgs> = {
  command: 'decrypt <input>',
  describe: 'dump, QIO or UA -> the plain app image (CRCs stripped, decrypted), linked at 0x10000',
  builder: (y) =>
    withConvertOptions(y, 'the plain app')
      .positional('input', { type: 'string', demandOption: true, describe: 'flash dump, QIO or UA' })
      .option('key', { type: 'string', describe: `${keyOptionHelp}; by default the key recovered from the bootloader, or Tuya's/plaintext for a UA` })
      .option('trailer-out', { type: 'string', describe: 'also write the stored trailer (raw 96-byte header, name, version, sn, timestamp) as JSON, for `encrypt --trailer-from`' })
      .example('$0 convert decrypt backup.bin -o app_plain.bin', 'the app to study in a disassembler (load address 0x10000)')
      .example('$0 convert decrypt backup.bin -o app_plain.bin --trailer-out app_trailer.json', 'keep what `encrypt --trailer-from` needs to give back the exact stored app'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const { source, result } = decryptGated(gate, args.input, readInputFile(args.input), { key: parseKeyOption(args.key, null) ?? undefined });
        gate.check(args.output, plainAppProblems(result.bytes, result.expected));
        const app = source.report.app?.name ?? findAppIdentity(result.bytes).name;
        const sidecar = args['trailer-out'];
        if (sidecar && !result.trailer) throw new UserError(`${args.input}: the app partition has no trailer, so there is nothing to write to ${sidecar}`, ExitCode.refused);
        if (sidecar) refuseExisting(sidecar, args.overwrite);
        const trailer = result.trailer ? trailerFacts(result.trailer) : null;
        const summary = { kind: 'plain-app', loadAddress: 0x10000, app, timestamp: result.expected?.timestamp ?? null, trailer, trailerOut: sidecar ?? null };
        const code = gate.write(result.bytes, summary, `plain app${app ? ` of ${app}` : ''}, load address 0x10000${sidecar ? `; trailer facts in ${sidecar}` : ''}`);
        if (sidecar) writeFileAtomic(sidecar, encodeTrailerSidecar(result.trailer!), { overwrite: args.overwrite });
        return code;
      },
      args.input,
    ),
};
