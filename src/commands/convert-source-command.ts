import type { CommandModule } from 'yargs';
import type { ImageKind, InspectReport } from '../formats/report.js';
import type { BekenKey } from '../formats/beken/cipher.js';
import { decryptApp, type Converted, type PlainApp } from '../formats/convert/beken-images.js';
import { readBekenSource, type BekenSource } from '../formats/convert/beken-source.js';
import { Gate, withConvertOptions, type ConvertArgs } from './convert-support.js';
import { readInputFile } from './files.js';
import { runCommand } from './run.js';

/** A conversion of one Beken file with an app partition into another image that `inspect` recognises. */
export interface SourceConversion {
  /** The input's positional name, e.g. `dump`, and its help. */
  input: string;
  inputHelp: string;
  describe: string;
  /** What -o receives, for its help. */
  what: string;
  examples: Array<[command: string, description: string]>;
  convert: (source: BekenSource) => Converted;
  /** The kind the result must inspect as. */
  kind: ImageKind;
  /** More problems of the re-inspected result, one sentence each. */
  verify?: (out: InspectReport, source: BekenSource) => string[];
  /** JSON fields beyond kind, family and app. */
  summary?: Record<string, unknown>;
  sentence: (out: InspectReport) => string;
}

type SourceArgs = ConvertArgs & Record<string, unknown>;

/**
 * `convert NAME <input>`: read and gate the input, convert, re-inspect the result as `kind`, write it.
 * The JSON carries the result's kind, family and app name.
 */
export function sourceConversionCommand(name: string, spec: SourceConversion): CommandModule<object, SourceArgs> {
  return {
    command: `${name} <${spec.input}>`,
    describe: spec.describe,
    builder: (y) =>
      spec.examples.reduce(
        (b, [command, description]) => b.example(command, description),
        withConvertOptions(y, spec.what).positional(spec.input, { type: 'string', demandOption: true, describe: spec.inputHelp }),
      ),
    handler: (args) => {
      const path = String(args[spec.input]);
      return runCommand(
        args,
        () => {
          const gate = new Gate(args);
          const source = readBekenSource(readInputFile(path));
          gate.input(path, source.report);
          const { bytes } = spec.convert(source);
          const out = gate.output(bytes, spec.kind);
          if (spec.verify) gate.check(args.output, spec.verify(out, source));
          return gate.write(bytes, { kind: spec.kind, family: out.family, app: out.app?.name ?? null, ...spec.summary }, spec.sentence(out));
        },
        path,
      );
    },
  };
}

/** The app of a dump, QIO or UA, decrypted; the input's verdict and the decryption's problems go through the gate. */
export function decryptGated(gate: Gate, path: string, data: Uint8Array, { report, key }: { report?: InspectReport; key?: BekenKey } = {}): { source: BekenSource; result: PlainApp } {
  const source = readBekenSource(data, report, key);
  gate.input(path, source.report);
  const result = decryptApp(source);
  gate.check(path, result.problems);
  return { source, result };
}
