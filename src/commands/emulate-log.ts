/**
 * `fwkit emulate --log <scenario|file>`: a device that plays a scripted boot log, or a captured log file
 * at its real pace, for `fwkit monitor`.
 */
import type { Argv } from 'yargs';
import { SCENARIO_NAMES, bootLogScript, type ScenarioName } from '../flash/emulator/boot-logs.js';
import { openLogEmulator } from '../flash/emulator/log-emulator.js';
import { recordingFromBytes, type RecordedLog, type RecordingPace } from '../flash/emulator/log-recording.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile } from './files.js';
import { printJson, type CommonOptions } from './run.js';
import { familyName } from '../jobs/json-values.js';
import { deviceError } from './serial-errors.js';
import { numberOption } from './numbers.js';

export interface LogModeArgs extends CommonOptions {
  log?: string;
  baud?: number;
  logPace?: RecordingPace;
}

export function withLogModeOptions<T>(y: Argv<T>): Argv<T & LogModeArgs> {
  return y
    .option('log', { type: 'string', describe: `log mode: play a scripted boot log (${SCENARIO_NAMES.join(', ')}) or a captured log file, instead of the download protocol` })
    .option('baud', numberOption('baud', 'baud', { alias: 'b', describe: "log mode: the rate the device sends at (default: the scenario's, or the log rate of the chip the file names)" }))
    .option('log-pace', { choices: ['recorded', 'wire'] as const, default: 'recorded' as const, describe: "log mode, file: the capture's own pace (from its timestamps, else wire speed) or always wire speed" })
    .example('$0 emulate --log boot-loop', 'then: fwkit monitor --port <printed path> --chip bk7231n')
    .example('$0 emulate --log boot.txt', 'replay a captured log at its real pace') as Argv<T & LogModeArgs>;
}

function isScenario(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** Plays the scenario or file from the start once a monitor opens the port; stays until Ctrl-C. */
export async function emulateLog(args: LogModeArgs & { log: string }): Promise<number> {
  if (args.baud !== undefined && (!Number.isInteger(args.baud) || args.baud < 300)) {
    throw new UserError(`--baud ${args.baud}: expected a rate in baud, e.g. 115200`, ExitCode.usage);
  }
  let played: ScenarioName | RecordedLog;
  let chip: string | undefined;
  let baud: number;
  if (isScenario(args.log)) {
    const script = bootLogScript(args.log);
    played = args.log;
    chip = script.chip;
    baud = args.baud ?? script.baud;
  } else {
    const recording = recordingFromBytes(args.log, readInputFile(args.log), { baud: args.baud, pace: args.logPace });
    played = recording;
    chip = recording.chip;
    baud = recording.baud;
  }
  let emulator;
  try {
    emulator = await openLogEmulator();
  } catch (error) {
    throw deviceError(error);
  }
  const port = emulator.hostPath;
  const what = typeof played === 'string' ? played : `${played.pieces.length} lines of ${args.log}`;
  if (args.json) printJson({ port, scenario: typeof played === 'string' ? played : null, file: typeof played === 'string' ? null : args.log, family: familyName(chip), baudRate: baud });
  else {
    process.stdout.write(
      `${chip ? chip.toUpperCase() : 'Device'} log emulator (${what}, ${baud} baud) ready on ${port}\n` +
        `monitor with: fwkit monitor --port ${port}${chip ? ` --chip ${chip}` : ` --baud ${baud}`}   (the log plays when the port is opened; Ctrl-C stops)\n`,
    );
  }
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  void emulator.whenListened().then((listened) => {
    if (listened) emulator.start({ scenario: played, baud });
  });
  await stopped;
  await emulator.close();
  return ExitCode.ok;
}
