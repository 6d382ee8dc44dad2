/**
 * Ctrl-C during a flash command. The first one aborts the job's signal: the running transfer stops at
 * its next progress step (a sector or block handled in full, the chip between commands), and the
 * command prints one summary of what was done, what remains and how to go on, and exits 130. With no
 * transfer running (linking, identifying) there is nothing to finish, so it says so and exits at
 * once; so does a second Ctrl-C.
 */
import { interruptible, JobInterrupted, type ProgressSink } from '../jobs/ports.js';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { programName } from './help.js';
import { userArgs } from './argv.js';

/** How far the transfers of this command came. */
export interface InterruptState {
  /** The transfers that began ("backup", "write", "read", "erase", "verify"), in order. */
  readonly begun: string[];
  /** The one that was stopped, and how far it was (null: none was running). */
  stopped: JobInterrupted | null;
}

/** Turns the state into the one summary sentence (after "Interrupted"). */
export type Summarize = (state: InterruptState) => string;

interface Running {
  controller: AbortController;
  state: InterruptState;
  active: string | null;
}

let running: Running | null = null;

/**
 * A transfer's progress display, seen by the Ctrl-C handling: it knows what runs, and the transfer
 * ends with JobInterrupted at its next step once Ctrl-C was pressed. Outside runInterruptible, as is.
 */
export function trackedProgress(label: string, sink: ProgressSink): ProgressSink {
  const run = running;
  if (!run) return sink;
  run.state.begun.push(label);
  run.active = label;
  const inner = interruptible(sink, label, run.controller.signal);
  return {
    update: (done, total) => inner.update(done, total),
    stop() {
      if (run.active === label) run.active = null;
      inner.stop();
    },
  };
}

/** The signal Ctrl-C aborts, for the jobs' hooks (undefined outside runInterruptible). */
export function interruptSignal(): AbortSignal | undefined {
  return running?.controller.signal;
}

/** The command line as typed, with --resume added, for the summary to name. */
export function sameCommand({ resume = false } = {}): string {
  const args = userArgs();
  const words = resume && !args.includes('--resume') ? [...args, '--resume'] : args;
  return [programName(), ...words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`))].join(' ');
}

/** 164 KiB, 1.2 MiB. */
export function amount(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.floor(bytes / 1024)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** Runs a flash command's body with Ctrl-C turned into a summary and exit 130. */
export async function runInterruptible(json: boolean | undefined, summarize: Summarize, body: () => Promise<number>): Promise<number> {
  const run: Running = { controller: new AbortController(), state: { begun: [], stopped: null }, active: null };
  const say = () => `Interrupted: ${summarize(run.state)}`;
  const onSigint = () => {
    if (run.active && !run.controller.signal.aborted) {
      run.controller.abort();
      return;
    }
    // Nothing to finish (or a second Ctrl-C): leave at once; the port closes with the process.
    if (json) process.stdout.write(JSON.stringify({ error: say(), exitCode: ExitCode.interrupted }, null, 2) + '\n');
    process.stderr.write(`\nfwkit: ${say()}\n`);
    process.exit(ExitCode.interrupted);
  };
  running = run;
  process.on('SIGINT', onSigint);
  try {
    return await body();
  } catch (error) {
    const stopped = error instanceof JobInterrupted ? error : error instanceof Error && error.cause instanceof JobInterrupted ? error.cause : null;
    if (!stopped) throw error;
    run.state.stopped = stopped;
    throw new UserError(say(), ExitCode.interrupted);
  } finally {
    process.off('SIGINT', onSigint);
    running = null;
  }
}
