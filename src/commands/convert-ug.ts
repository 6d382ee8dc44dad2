import type { CommandModule } from 'yargs';
import { inspectImage } from '../formats/inspect.js';
import { unwrapUg, wrapUg } from '../formats/convert/beken-ota.js';
import { describeKind } from '../formats/convert/beken-source.js';
import { FormatError } from '../formats/errors.js';
import { Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

interface UgWrapArgs extends ConvertArgs {
  rbl: string;
  'fw-version'?: string;
}

interface UgUnwrapArgs extends ConvertArgs {
  ug: string;
}

/** Reads a file that must inspect as `kind`. */
function readKind(path: string, kind: 'rbl' | 'ug') {
  const data = readInputFile(path);
  const report = inspectImage(data);
  if (report.kind !== kind) throw new FormatError(0, `the file is ${describeKind(report)}, not ${kind === 'rbl' ? 'an RBL package' : 'a Tuya UG file'}`);
  return { data, report };
}

export const convertUgWrapCommand: CommandModule<object, UgWrapArgs> = {
  command: 'ug-wrap <rbl>',
  describe: 'RBL OTA package -> Tuya UG file (32-byte header with byte sums, then the RBL)',
  builder: (y) =>
    withConvertOptions(y, 'the UG file')
      .positional('rbl', { type: 'string', demandOption: true, describe: '.rbl file' })
      .option('fw-version', { type: 'string', describe: "version in the UG header, at most 11 characters (default: the RBL's)" })
      .example('$0 convert ug-wrap app.rbl -o app_UG.bin', 'a UG file for Tuya cloud OTA tools'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const { data, report } = readKind(args.rbl, 'rbl');
        gate.input(args.rbl, report);
        const result = wrapUg(data, args['fw-version']);
        gate.output(result.bytes, 'ug');
        return gate.write(result.bytes, { kind: 'ug', version: result.version }, `UG version ${result.version}`);
      },
      args.rbl,
    ),
};

export const convertUgUnwrapCommand: CommandModule<object, UgUnwrapArgs> = {
  command: 'ug-unwrap <ug>',
  describe: 'Tuya UG file -> the RBL OTA package inside it',
  builder: (y) =>
    withConvertOptions(y, 'the .rbl file')
      .positional('ug', { type: 'string', demandOption: true, describe: '_UG_ file' })
      .example('$0 convert ug-unwrap app_UG.bin -o app.rbl', 'the RBL for a device OTA page'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const gate = new Gate(args);
        const { data, report } = readKind(args.ug, 'ug');
        gate.input(args.ug, report);
        const result = unwrapUg(data);
        gate.check(args.ug, result.problems);
        gate.output(result.bytes, 'rbl');
        return gate.write(result.bytes, { kind: 'rbl' }, 'the RBL package');
      },
      args.ug,
    ),
};
