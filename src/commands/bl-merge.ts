import type { CommandModule } from 'yargs';
import { hex } from '../formats/errors.js';
import { MergeInputError, mergeFlashImage } from '../formats/bouffalo/merge.js';
import { BeyondFlashError } from '../formats/largest-flash.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile } from './files.js';
import { withOutputOptions } from './output.js';
import { readPartitionTableInput } from './bl-table-input.js';
import { Gate, withForceOption, type ConvertArgs } from './convert-support.js';
import { runCommand } from './run.js';
import { mergedImageKind, mergeFromManifest } from './bl-split.js';
import { numberOption } from './numbers.js';

interface MergeArgs extends ConvertArgs {
  boot2?: string;
  table?: string;
  firmware?: string;
  manifest?: string;
  part?: string[];
  size?: number;
}

function parsePart(spec: string): { name: string; path: string } {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) throw new UserError(`--part "${spec}" should read NAME=FILE, e.g. factory=ro_params.dtb`, ExitCode.usage);
  return { name: spec.slice(0, at), path: spec.slice(at + 1) };
}

export const blMergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge',
  describe: 'lay boot2, the partition table, the firmware and other partitions into one image to write at 0',
  builder: (y) =>
    withForceOption(withOutputOptions(y, 'the merged image'))
      .option('boot2', { type: 'string', describe: 'boot2 image: boot header, code at its img_start' })
      .option('table', { type: 'string', describe: 'partition table: partition.bin, a dump (its active table), or DevCube-style TOML/JSON settings; written at 0xE000 and 0xF000' })
      .option('firmware', { type: 'string', describe: 'firmware image (from `bl wrap`), written at the active FW slot' })
      .option('part', { type: 'string', array: true, describe: 'NAME=FILE: write FILE at the start of partition NAME (factory, media, PSM, ...)' })
      .option('size', numberOption('size', 'size', { describe: 'pad with 0xFF to this flash size (e.g. 0x200000); otherwise end after the last byte' }))
      .option('manifest', { type: 'string', describe: 'rebuild the image a `bl split` manifest describes (instead of --boot2/--table/--firmware)' })
      .example('$0 bl merge --boot2 boot2.bin --table partition.bin --firmware fw.bin --part factory=ro_params.dtb -o full.bin', 'a DevCube-style merged image')
      .example('$0 bl merge --boot2 boot2.bin --table partition_cfg_2M.toml --firmware fw.bin --size 0x200000 -o full.bin', 'the table from TOML, padded to a 2 MiB flash')
      .example('$0 bl merge --manifest split/manifest.json -o full.bin', 'rebuild a dump from `bl split` output'),
  handler: (args) =>
    runCommand(args, () => {
      if (args.manifest) return mergeFromManifest({ ...args, manifest: args.manifest });
      if (!args.boot2 || !args.table || !args.firmware) throw new UserError('give --boot2, --table and --firmware, or --manifest', ExitCode.usage);
      const gate = new Gate(args);
      const [boot2, firmware] = [args.boot2!, args.firmware!].map((path) => readInputFile(path));
      const table = readPartitionTableInput(args.table!);
      const parts = (args.part ?? []).map(parsePart).map(({ name, path }) => ({ name, bytes: readInputFile(path) }));
      let merged;
      try {
        merged = mergeFlashImage({ boot2, table, firmware, parts }, args.size);
      } catch (error) {
        if (error instanceof BeyondFlashError) throw new UserError(`${args.table}: ${error.message}`, ExitCode.usage);
        if (error instanceof RangeError) throw new UserError(error.message, ExitCode.refused);
        if (error instanceof MergeInputError) throw new UserError(`${args[error.input]}: ${error.message}`);
        throw error;
      }
      for (const warning of merged.warnings) process.stderr.write(`fwkit: warning: ${warning}\n`);
      const layout = merged.placed.map((p) => `${p.what} at ${hex(p.offset)}`).join(', ');
      gate.output(merged.bytes, mergedImageKind(merged.bytes.length));
      return gate.write(merged.bytes, { placed: merged.placed, warnings: merged.warnings }, layout);
    }),
};
