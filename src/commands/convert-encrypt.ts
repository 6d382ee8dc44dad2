import type { CommandModule } from 'yargs';
import { inspectImage } from '../formats/inspect.js';
import { formatKey } from '../formats/beken/cipher.js';
import { encryptApp } from '../formats/convert/beken-images.js';
import { describeKind } from '../formats/convert/beken-source.js';
import { readTrailerTemplate } from '../formats/convert/beken-trailer.js';
import { FormatError } from '../formats/errors.js';
import { Gate, fileTimestamp, keyOptionHelp, parseKeyOption, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';
import { UserError } from './errors.js';
import { numberOption } from './numbers.js';

interface EncryptArgs extends ConvertArgs {
  app: string;
  key?: string;
  timestamp?: number;
  'trailer-from'?: string;
}

/** The original trailer's raw 96 bytes, from a `decrypt --trailer-out` file, a dump, QIO or UA. */
function trailerTemplate(path: string): Uint8Array {
  try {
    return readTrailerTemplate(readInputFile(path));
  } catch (error) {
    if (error instanceof FormatError) throw new UserError(`--trailer-from ${path}: ${error.problem}`);
    throw error;
  }
}

export const convertEncryptCommand: CommandModule<object, EncryptArgs> = {
  command: 'encrypt <app>',
  describe: 'plain app (linked at 0x10000) -> UA: chip cipher, CRC blocks and a valid partition trailer',
  builder: (y) =>
    withConvertOptions(y, 'the UA image')
      .positional('app', { type: 'string', demandOption: true, describe: 'plain app binary, e.g. from `convert decrypt` or a build' })
      .option('key', { type: 'string', describe: keyOptionHelp })
      .option('timestamp', numberOption('timestamp', 'word', { describe: "trailer timestamp in Unix seconds (default: the original's with --trailer-from, else the app file's modification time, as the SDK packager does)" }))
      .option('trailer-from', { type: 'string', describe: "re-use the timestamp, name, version and sn bytes of this file's app trailer (a `decrypt --trailer-out` file, the original dump, QIO or UA); checksums and sizes are computed anew" })
      .example('$0 convert encrypt app_plain.bin -o app_UA.bin', 'a UA for a Tuya-key BK7231T/N')
      .example('$0 convert encrypt app_plain.bin --trailer-from app_trailer.json -o app_UA.bin', 'the stored app again, byte for byte, when the plain app is unchanged')
      .example('$0 convert encrypt app_plain.bin --key zero -o app_UA.bin', 'a UA for a plaintext chip (BK7231U/M, BK7238, BK7252)'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const plain = readInputFile(args.app);
        const report = inspectImage(plain);
        if (report.vendor !== 'unknown' && report.kind !== 'app') throw new UserError(`${args.app}: the file is ${describeKind(report)}, not a plain app`);
        const key = parseKeyOption(args.key)!;
        const trailerFrom = args['trailer-from'] === undefined ? undefined : trailerTemplate(args['trailer-from']);
        const timestamp = args.timestamp ?? (trailerFrom ? undefined : fileTimestamp(args.app));
        const result = encryptApp(plain, { key, timestamp, trailerFrom });
        gate.check(args.app, result.problems);
        const out = gate.output(result.bytes, 'ua', { key });
        gate.family(args.app, out.family);
        return gate.write(result.bytes, { kind: 'ua', key: formatKey(key), app: out.app?.name ?? null }, `UA encrypted with ${formatKey(key)}: write it at 0x11000`);
      },
      args.app,
    ),
};
