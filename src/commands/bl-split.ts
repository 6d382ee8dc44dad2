import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { hex } from '../formats/errors.js';
import { BeyondFlashError } from '../formats/largest-flash.js';
import { splitFlashImage } from '../formats/bouffalo/split.js';
import { assembleFromManifest, ManifestError, parseSplitManifest } from '../formats/bouffalo/reassemble.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, writeFileAtomic } from './files.js';
import type { ImageKind } from '../formats/report.js';
import { Gate, type ConvertArgs } from './convert-support.js';
import { printJson, runCommand, type CommonOptions } from './run.js';

export const MANIFEST_NAME = 'manifest.json';

interface SplitArgs extends CommonOptions {
  dump: string;
  output: string;
  overwrite?: boolean;
}

export const blSplitCommand: CommandModule<object, SplitArgs> = {
  command: 'split <dump>',
  describe: 'write boot2, the partition tables, every partition and the boot2/firmware headers and images of a dump as files, with a manifest',
  builder: (y) =>
    y
      .positional('dump', { type: 'string', demandOption: true, describe: 'BL602/BL702/BL616 dump or merged image' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'directory for the files (created if missing)' })
      .option('overwrite', { type: 'boolean', describe: 'replace files that already exist in the directory' })
      .example('$0 bl split backup.bin -o backup/', 'one file per partition, plus backup/manifest.json')
      .example('$0 bl merge --manifest backup/manifest.json -o rebuilt.bin', 'put the (possibly edited) files back together'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const { manifest, contents } = splitFlashImage(readInputFile(args.dump));
        if (existsSync(args.output) && !statSync(args.output).isDirectory()) throw new UserError(`${args.output}: is a file; -o names the directory for the split files`);
        const names = [...contents.keys(), MANIFEST_NAME];
        const taken = args.overwrite ? undefined : names.find((name) => existsSync(join(args.output, name)));
        if (taken) throw new UserError(`${join(args.output, taken)}: already exists; fwkit will not overwrite it (pass --overwrite to replace it)`, ExitCode.refused);
        mkdirSync(args.output, { recursive: true });
        for (const [name, bytes] of contents) writeFileAtomic(join(args.output, name), bytes, { overwrite: true });
        const document = { source: basename(args.dump), ...manifest };
        writeFileAtomic(join(args.output, MANIFEST_NAME), JSON.stringify(document, null, 2) + '\n', { overwrite: true });
        if (args.json) printJson({ output: args.output, manifest: join(args.output, MANIFEST_NAME), ...document });
        else {
          for (const file of manifest.files) process.stdout.write(`${hex(file.address, 6)}  ${String(file.length).padStart(8)}  ${file.role.padEnd(15)} ${file.file}\n`);
          for (const sentence of manifest.missing) process.stdout.write(`not in the file: ${sentence}\n`);
          process.stdout.write(`${args.output}: ${manifest.files.length} files and ${MANIFEST_NAME}\n`);
        }
        return ExitCode.ok;
      },
      args.dump,
    ),
};

/** The kind a merged image must inspect as: padded to a power-of-two flash size it is a whole-flash image. */
export function mergedImageKind(size: number): ImageKind {
  return size > 0 && (size & (size - 1)) === 0 ? 'full-dump' : 'merged-image';
}

/**
 * `bl merge --manifest`: rebuilds a split image from its files, laid where the manifest says; the result
 * is re-inspected like every bl result (refused with its problems unless --force).
 */
export function mergeFromManifest(args: ConvertArgs & { manifest: string }): number {
  const gate = new Gate(args);
  let manifest;
  try {
    manifest = parseSplitManifest(JSON.parse(new TextDecoder().decode(readInputFile(args.manifest))));
  } catch (error) {
    if (error instanceof BeyondFlashError) throw new UserError(`${args.manifest}: ${error.message}`, ExitCode.usage);
    if (error instanceof ManifestError || error instanceof SyntaxError) throw new UserError(`${args.manifest}: ${error.message}`);
    throw error;
  }
  const dir = dirname(args.manifest);
  let merged;
  try {
    merged = assembleFromManifest(manifest, (file) => readInputFile(join(dir, file.file), { allowEmpty: true }));
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`${args.manifest}: ${error.message}`, ExitCode.refused);
    throw error;
  }
  if (merged.changed.length) process.stderr.write(`fwkit: warning: changed since the split: ${merged.changed.join(', ')}\n`);
  gate.output(merged.bytes, mergedImageKind(merged.bytes.length));
  const sentence = merged.identical ? 'identical to the file that was split' : `${merged.changed.length} file(s) changed since the split`;
  return gate.write(merged.bytes, { placed: merged.placed, changed: merged.changed, identical: merged.identical }, sentence);
}
