import type { CommandModule } from 'yargs';
import { inspectImage } from '../formats/inspect.js';
import { redactDump } from '../formats/redact.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile, refuseExisting, writeFileAtomic } from './files.js';
import { printJson, runCommand, type CommonOptions } from './run.js';

interface RedactArgs extends CommonOptions {
  dump: string;
  output: string;
  overwrite?: boolean;
}


export const redactCommand: CommandModule<object, RedactArgs> = {
  command: 'redact <dump>',
  describe: 'blank Wi-Fi names and passwords, Tuya device secrets and OpenBeken passwords, keeping every checksum valid',
  builder: (y) =>
    y
      .positional('dump', { type: 'string', demandOption: true, describe: 'flash dump to share' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'where to write the redacted copy' })
      .option('overwrite', { type: 'boolean', describe: 'replace the output file if it exists (never the input)' })
      .example('$0 redact backup.bin -o backup-shareable.bin', 'a copy safe to post for help'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const input = readInputFile(args.dump);
        refuseExisting(args.output, args.overwrite); // never the input, even with --overwrite
        const before = inspectImage(input).verdict.restorable;
        const result = redactDump(input);
        const after = inspectImage(result.data).verdict.restorable;
        writeFileAtomic(args.output, result.data, { overwrite: !!args.overwrite });
        const warnings = result.leftovers.map(
          (l) => `the text of a secret (${l.length} bytes) also appears at 0x${l.offset.toString(16).toUpperCase()}, outside the configs fwkit rewrites (a default built into the firmware, or a copy to check by hand)`,
        );
        const verdictChanged = before !== after;
        if (verdictChanged) warnings.push(`the dump was ${before ? '' : 'not '}restorable before and is ${after ? '' : 'not '}after redaction`);
        if (args.json) {
          printJson({ file: args.dump, output: args.output, changes: result.changes, restorable: { before, after }, warnings });
        } else {
          const out = [`Wrote ${args.output}.`];
          if (result.changes.length) for (const c of result.changes) out.push(`  ${c.where}: ${c.what}`);
          else out.push('  Nothing to redact: no Tuya secrets and no OpenBeken passwords or Wi-Fi names were found.');
          out.push(`  Restorable: ${before ? 'yes' : 'no'} before, ${after ? 'yes' : 'no'} after.`);
          for (const w of warnings) out.push(`  warning: ${w}`);
          process.stdout.write(out.join('\n') + '\n');
        }
        return verdictChanged ? ExitCode.negative : ExitCode.ok;
      },
      args.dump,
    ),
};
