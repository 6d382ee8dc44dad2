import type { CommandModule } from 'yargs';
import { ALL_PROBE_RATES, logPortFor } from '../formats/bootlog/log-ports.js';
import { runMonitor, type MonitorResult } from '../flash/monitor/session.js';
import { SerialTransport } from '../flash/serial-transport.js';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { openLogFile, type LogFile } from './log-file.js';
import { portOpenError } from './serial-errors.js';
import { renderFinding, renderLine, renderProbe, renderSummary, renderWiring } from './monitor-render.js';
import { chipOption, logChip } from './chip-option.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import { familyOf } from '../jobs/json-values.js';
import { NUMBER_RULES, numberOption, parseNumberOption } from './numbers.js';

interface MonitorArgs extends CommonOptions {
  port: string;
  chip?: string;
  baud?: string;
  log?: string;
  overwrite?: boolean;
  view: 'text' | 'raw';
  timestamps: boolean;
  duration?: number;
  listen: number;
}

function parseBaud(value: string | undefined): number | 'auto' | undefined {
  if (value === undefined || value === 'auto') return value;
  return parseNumberOption('baud', value, NUMBER_RULES.baud);
}

async function openPort(path: string, baud: number): Promise<SerialTransport> {
  try {
    return await SerialTransport.open(path, baud);
  } catch (error) {
    throw portOpenError(path, error);
  }
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(value > 0)) throw new UserError(`--${name} ${value}: expected a positive number`, ExitCode.usage);
}

async function monitor(args: MonitorArgs): Promise<number> {
  const requested = parseBaud(args.baud);
  checkPositive('duration', args.duration);
  checkPositive('listen', args.listen);
  const chip = logChip(args.chip);
  const logPort = chip ? logPortFor(chip) : undefined;
  const rates = logPort?.probeRates ?? ALL_PROBE_RATES;
  const fallbackBaud = logPort?.baud ?? 115200;
  const logFile: LogFile | undefined = args.log ? openLogFile(args.log, { overwrite: args.overwrite }) : undefined;
  const live = !args.json;
  const say = (text: string) => process.stderr.write(text);
  let result: MonitorResult;
  const transport = await openPort(args.port, typeof requested === 'number' ? requested : fallbackBaud).catch((error) => {
    logFile?.close();
    throw error;
  });
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(ExitCode.negative); // a second Ctrl-C: leave at once
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    if (requested === 'auto') say(`Trying ${rates.join(', ')} baud on ${args.port}...\n`);
    result = await runMonitor(transport, {
      baud: requested === 'auto' ? { auto: rates, listenMs: args.listen } : (requested ?? fallbackBaud),
      fallbackBaud,
      chip,
      durationMs: args.duration === undefined ? undefined : args.duration * 1000,
      signal: stop.signal,
      onProbe: (probe) => say(renderProbe(probe)),
      onListening: (baud) => say(renderWiring(args.port, baud, logPort)),
      onChunk: (chunk) => {
        logFile?.write(chunk);
        if (live && args.view === 'raw') process.stdout.write(chunk);
      },
      onLine: (line) => {
        if (live && args.view === 'text') process.stdout.write(renderLine(line, args.timestamps));
      },
      onFinding: (finding) => say(renderFinding(finding)),
    });
  } finally {
    process.off('SIGINT', onSigint);
    logFile?.close();
    await transport.close();
  }
  const { diagnosis } = result;
  if (args.json) {
    printJson({
      port: args.port,
      family: familyOf(chip),
      // the log port's vendor is `vendor`, as in inspect: `family` is a chip family everywhere
      logPort: logPort ? { vendor: logPort.family, uart: logPort.uart, txPin: logPort.txPin, sameAsFlashing: logPort.sameAsFlashing, baudRate: logPort.baud, probeRates: logPort.probeRates } : null,
      baudRate: diagnosis.baud,
      probes: result.probes ?? null,
      stoppedBy: result.stoppedBy,
      durationMs: result.durationMs,
      logFile: logFile?.path ?? null,
      diagnosis,
    });
  } else {
    const summary = renderSummary(diagnosis, logFile?.path);
    // In the raw view stdout carries only the device's bytes.
    if (args.view === 'raw') say(summary);
    else process.stdout.write(summary);
  }
  return diagnosis.verdict === 'fault' ? ExitCode.negative : ExitCode.ok;
}

export const monitorCommand: CommandModule<object, MonitorArgs> = {
  command: 'monitor',
  describe: "show a device's log on its log port and baud, and diagnose boot loops, wrong wiring and power faults",
  builder: (y) =>
    y
      .option('port', { alias: 'p', type: 'string', demandOption: true, describe: 'serial port, e.g. /dev/ttyUSB0 or COM3' })
      .option('chip', chipOption('monitor', ['family', 'vendor', 'auto'], 'chip or vendor: sets the log baud and the wiring hint (auto: not known)'))
      .option('baud', { alias: 'b', type: 'string', requiresArg: true, describe: 'log rate, or "auto" to try the likely rates (default: the chip\'s log rate, else 115200)' })
      .option('log', { type: 'string', describe: 'save every received byte to this file' })
      .option('overwrite', { type: 'boolean', describe: 'replace an existing --log file' })
      .option('view', { choices: ['text', 'raw'] as const, default: 'text' as const, describe: 'text: timestamped lines; raw: the bytes as received' })
      .option('timestamps', { type: 'boolean', default: true, describe: 'prefix text lines with seconds since start (--no-timestamps to drop)' })
      .option('duration', numberOption('duration', 'seconds', { describe: 'stop after this many seconds (default: run until Ctrl-C)' }))
      .option('listen', numberOption('listen', 'milliseconds', { default: 1500, describe: 'with --baud auto: milliseconds to listen at each rate' }))
      .example('$0 monitor --port /dev/ttyUSB0 --chip bk7231n', 'Beken log on UART2 (TX2) at 115200')
      .example('$0 monitor --port /dev/ttyUSB0 --baud auto --log boot.log', 'find the rate, save the log')
      .example('$0 monitor --port /dev/ttyUSB0 --chip bl602 --duration 20 --json', 'a 20 s boot check as JSON'),
  handler: (args) => runCommand(args, () => monitor(args)),
};
