/** `fwkit emulate --log <scenario>`: a device that plays a scripted boot log, for `fwkit monitor`. */
import type { Argv } from 'yargs';
import { SCENARIO_NAMES, bootLogScript, type ScenarioName } from '../flash/emulator/boot-logs.js';
import { openLogEmulator } from '../flash/emulator/log-emulator.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { printJson, type CommonOptions } from './run.js';
import { deviceError } from './serial-errors.js';
import { numberOption } from './numbers.js';

export interface LogModeArgs extends CommonOptions {
  log?: ScenarioName;
  baud?: number;
}

export function withLogModeOptions<T>(y: Argv<T>): Argv<T & LogModeArgs> {
  return y
    .option('log', { choices: SCENARIO_NAMES, describe: 'log mode: play this scripted boot log instead of the download protocol' })
    .option('baud', numberOption('baud', 'baud', { alias: 'b', describe: 'log mode: the rate the device sends at (default: the scenario\'s, 115200 or 2000000)' }))
    .example('$0 emulate --log boot-loop', 'then: fwkit monitor --port <printed path> --chip bk7231n') as Argv<T & LogModeArgs>;
}

/** Plays the scenario from the start once a monitor opens the port, until Ctrl-C. */
export async function emulateLog(args: LogModeArgs & { log: ScenarioName }): Promise<number> {
  const script = bootLogScript(args.log);
  const baud = args.baud ?? script.baud;
  if (!Number.isInteger(baud) || baud < 300) throw new UserError(`--baud ${args.baud}: expected a rate in baud, e.g. 115200`, ExitCode.usage);
  let emulator;
  try {
    emulator = await openLogEmulator();
  } catch (error) {
    throw deviceError(error);
  }
  const port = emulator.hostPath;
  if (args.json) printJson({ port, scenario: args.log, chip: script.chip, baud });
  else {
    process.stdout.write(
      `${script.chip.toUpperCase()} log emulator (${args.log}, ${baud} baud) ready on ${port}\n` +
        `monitor with: fwkit monitor --port ${port} --chip ${script.chip}   (the boot plays when the port is opened; Ctrl-C stops)\n`,
    );
  }
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  void emulator.whenListened().then((listened) => {
    if (listened) emulator.start({ scenario: args.log, baud });
  });
  await stopped;
  await emulator.close();
  return ExitCode.ok;
}
