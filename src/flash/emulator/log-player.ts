/**
 * The emulator's log mode: plays a scripted boot log, or a captured log file, over a transport as a
 * device would send it at its own baud. Before each line it asks what rate the listener is set to; at
 * another rate the listener gets what its UART would make of the signal (mostly nothing, or noise).
 */
import { bootLogScript, scriptLines, type BootLogScript, type ScenarioName } from './boot-logs.js';
import type { RecordedLog } from './log-recording.js';
import { receiveAtRate } from './uart-line.js';

/** The part of a transport the player needs (any Transport fits). */
export interface LogSink {
  write(data: Uint8Array): Promise<void>;
  onClose(listener: (error?: Error) => void): void;
}

export interface LogPlayerOptions {
  script: BootLogScript | ScenarioName | RecordedLog;
  /** The rate the device sends at; the script's or recording's own rate by default. */
  baud?: number;
  /** The rate the listening side is set to right now. */
  listenerBaud: () => number | Promise<number>;
  /** Stop after this many lines (default: a script plays until stopped, a recording once). */
  maxLines?: number;
  /** Scales the pauses (0 = no pause; tests use small values). */
  pace?: number;
}

export interface LogPlayer {
  /** Resolves when the player has stopped (end of a recording, line limit reached, stop() called, or the transport closed). */
  readonly done: Promise<{ lines: number; bytesSent: number }>;
  stop(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The lines to send, each with the pause before it. */
function* piecesOf(script: BootLogScript | RecordedLog): Generator<{ bytes: Uint8Array; gapMs: number }> {
  if ('kind' in script) {
    yield* script.pieces;
    return;
  }
  let first = true;
  for (const line of scriptLines(script)) {
    yield { bytes: new TextEncoder().encode(`${line}\r\n`), gapMs: first ? 0 : script.lineGapMs };
    first = false;
  }
}

export function playBootLog(transport: LogSink, options: LogPlayerOptions): LogPlayer {
  const script = typeof options.script === 'string' ? bootLogScript(options.script) : options.script;
  const baud = options.baud ?? script.baud;
  const pace = options.pace ?? 1;
  let stopped = false;
  // A write in flight when the port closes may never complete; closing ends the player regardless.
  const closed = new Promise<'closed'>((resolve) =>
    transport.onClose(() => {
      stopped = true;
      resolve('closed');
    }),
  );
  const run = async () => {
    let lines = 0;
    let bytesSent = 0;
    // Pauses add up on one clock, so many sub-millisecond wire times still come out right.
    let due = performance.now();
    for (const { bytes, gapMs } of piecesOf(script)) {
      if (stopped || (options.maxLines !== undefined && lines >= options.maxLines)) break;
      due += gapMs * pace;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      if (stopped) break;
      const wire = receiveAtRate(bytes, baud, await options.listenerBaud());
      try {
        if (wire.length && (await Promise.race([transport.write(wire), closed])) === 'closed') break;
      } catch {
        break; // the listener went away
      }
      lines++;
      bytesSent += bytes.length;
    }
    return { lines, bytesSent };
  };
  return {
    done: run(),
    stop: () => {
      stopped = true;
    },
  };
}
