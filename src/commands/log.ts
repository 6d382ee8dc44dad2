/** `fwkit log <file>`: the monitor's diagnosis over a log someone already captured (a file, or stdin with -). */
import type { CommandModule } from 'yargs';
import { diagnoseBootLog } from '../formats/bootlog/analyzer.js';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile, MAX_INPUT_BYTES } from './files.js';
import { renderSummary } from './monitor-render.js';
import { chipOption, logChip } from './chip-option.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import { familyOf } from '../jobs/json-values.js';
import { numberOption } from './numbers.js';

interface LogArgs extends CommonOptions {
  file: string;
  chip?: string;
  baud?: number;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new UserError(`stdin: more than ${MAX_INPUT_BYTES} bytes; that is no boot log`);
    chunks.push(buffer);
  }
  const data = Buffer.concat(chunks);
  if (!data.length) throw new UserError('stdin: nothing was read (0 bytes); pipe a captured log into fwkit log -');
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

async function diagnoseFile(args: LogArgs): Promise<number> {
  if (args.baud !== undefined && !(Number.isInteger(args.baud) && args.baud >= 300 && args.baud <= 12_000_000)) {
    throw new UserError(`--baud ${args.baud}: expected the rate the log was captured at, e.g. 115200`, ExitCode.usage);
  }
  // yargs hands a lone "-" over as an empty string.
  const stdin = args.file === '-' || args.file === '';
  const data = stdin ? await readStdin() : readInputFile(args.file);
  const chip = logChip(args.chip);
  const diagnosis = diagnoseBootLog(data, { chip, baud: args.baud });
  if (args.json) printJson({ file: stdin ? null : args.file, family: familyOf(chip), diagnosis });
  else process.stdout.write(`${stdin ? 'stdin' : args.file}:${renderSummary(diagnosis, undefined)}`);
  return diagnosis.verdict === 'fault' ? ExitCode.negative : ExitCode.ok;
}

export const logCommand: CommandModule<object, LogArgs> = {
  command: 'log <file>',
  describe: 'diagnose a saved boot log (a file, or - for stdin): firmware, boot loops, crashes, watchdog and brown-out resets, safe mode',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'the captured log, or - to read it from stdin' })
      .option('chip', chipOption('log', ['family', 'vendor', 'auto'], 'chip or vendor, if known: checked against the log, names the right baud for noise (auto: not known)'))
      .option('baud', numberOption('baud', 'baud', { alias: 'b', describe: 'the rate the log was captured at, if known (for the wrong-baud diagnosis)' }))
      .example('$0 log boot.txt', 'what went wrong in a pasted boot log')
      .example('$0 monitor --port /dev/ttyUSB0 --view raw --duration 20 | $0 log -', 'diagnose what the monitor captured')
      .example('$0 log crash.txt --json', 'the diagnosis as JSON'),
  handler: (args) => runCommand(args, () => diagnoseFile(args), args.file),
};
