import type { CommandModule } from 'yargs';
import { inspectImage } from '../formats/inspect.js';
import { findAppIdentity } from '../formats/beken/app-identity.js';
import { describeAlgo, decodeRblHeader } from '../formats/beken/rbl.js';
import { appFamily } from '../formats/convert/beken-images.js';
import { packRbl } from '../formats/convert/beken-ota.js';
import { aesOption, fileTimestamp, Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';
import { decryptGated } from './convert-source-command.js';
import { numberOption } from './numbers.js';

interface RblPackArgs extends ConvertArgs {
  input: string;
  'aes-key'?: string;
  'aes-iv'?: string;
  encrypt: boolean;
  compress: string;
  'fw-version'?: string;
  name: string;
  timestamp?: number;
}

/** The plain app: the input itself, or the app decrypted out of a dump, QIO or UA. */
function plainOf(args: RblPackArgs, gate: Gate): { plain: Uint8Array; from: string; timestamp?: number } {
  const data = readInputFile(args.input);
  const report = inspectImage(data);
  if (report.vendor === 'unknown' || report.kind === 'app') {
    gate.family(args.input, appFamily(data));
    return { plain: data, from: 'plain app' };
  }
  const { result } = decryptGated(gate, args.input, data, { report });
  return { plain: result.bytes, from: `app of the ${report.kind}`, timestamp: result.expected?.timestamp };
}

export const convertRblPackCommand: CommandModule<object, RblPackArgs> = {
  command: 'rbl-pack <input>',
  describe: 'plain app (or the app of a dump, QIO or UA) -> RBL OTA package: gzip, AES-256-CBC, RBL header',
  builder: (y) =>
    withConvertOptions(y, 'the .rbl file')
      .positional('input', { type: 'string', demandOption: true, describe: 'plain app, or a dump/QIO/UA whose app is decrypted first' })
      .option('aes-key', { type: 'string', describe: 'AES-256 key: 32 ASCII characters or 64 hex digits (default: the Tuya/OpenBeken key 0123456789ABCDEF0123456789ABCDEF)' })
      .option('aes-iv', { type: 'string', describe: 'AES IV: 16 ASCII characters or 32 hex digits (default 0123456789ABCDEF)' })
      .option('encrypt', { type: 'boolean', default: true, describe: 'AES-encrypt the package (--no-encrypt: the old BK7231T bootloader refuses plain packages)' })
      .option('compress', { type: 'string', choices: ['gzip', 'none'], default: 'gzip', describe: 'package compression' })
      .option('fw-version', { type: 'string', describe: 'version string in the header (default: the version found in the app, else 1.0.0)' })
      .option('name', { type: 'string', default: 'app', describe: 'target partition name in the header' })
      .option('timestamp', numberOption('timestamp', 'word', { describe: "header timestamp in Unix seconds (default: the app trailer's build time for a dump, QIO or UA, else the input file's modification time)" }))
      .example('$0 convert rbl-pack backup.bin -o app.rbl', "an OTA package of a dump's app, for a running device's OTA page")
      .example('$0 convert rbl-pack app_plain.bin --fw-version 1.17.0 -o OpenBK7231N_1.17.0.rbl', 'the same from a plain app'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const { plain, from, timestamp } = plainOf(args, gate);
        const aes = { key: aesOption(args['aes-key'], 32, 'aes-key'), iv: aesOption(args['aes-iv'], 16, 'aes-iv') };
        const version = args['fw-version'] ?? findAppIdentity(plain).version ?? '1.0.0';
        const options = { ...aes, version, name: args.name, timestamp: args.timestamp ?? timestamp ?? fileTimestamp(args.input), encrypt: args.encrypt, compress: args.compress as 'gzip' | 'none' };
        const result = packRbl(plain, options);
        gate.check(args.output, result.problems);
        gate.output(result.bytes, 'rbl', { verdict: !aes.key && !aes.iv });
        const packing = describeAlgo(decodeRblHeader(result.bytes));
        return gate.write(result.bytes, { kind: 'rbl', version, packing, sizeRaw: plain.length }, `RBL (${packing}) of the ${from}, version ${version}`);
      },
      args.input,
    ),
};
