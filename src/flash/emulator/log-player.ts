/**
 * The emulator's log mode: plays a scripted boot log over a transport as a device would send it at
 * its own baud. Before each line it asks what rate the listener is set to; at another rate the
 * listener gets what its UART would make of the signal (mostly nothing, or noise).
 */
import { bootLogScript, scriptLines, type BootLogScript, type ScenarioName } from './boot-logs.js';
import { receiveAtRate } from './uart-line.js';

/** The part of a transport the player needs (any Transport fits). */
export interface LogSink {
  write(data: Uint8Array): Promise<void>;
  onClose(listener: (error?: Error) => void): void;
}

export interface LogPlayerOptions {
  script: BootLogScript | ScenarioName;
  /** The rate the device sends at; the script's own rate by default. */
  baud?: number;
  /** The rate the listening side is set to right now. */
  listenerBaud: () => number | Promise<number>;
  /** Stop after this many lines (default: play until stopped). */
  maxLines?: number;
  /** Scales the script's pauses (0 = no pause; tests use small values). */
  pace?: number;
}

export interface LogPlayer {
  /** Resolves when the player has stopped (line limit reached, stop() called, or the transport closed). */
  readonly done: Promise<{ lines: number; bytesSent: number }>;
  stop(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    for (const line of scriptLines(script)) {
      if (stopped || (options.maxLines !== undefined && lines >= options.maxLines)) break;
      const bytes = new TextEncoder().encode(`${line}\r\n`);
      const wire = receiveAtRate(bytes, baud, await options.listenerBaud());
      try {
        if (wire.length && (await Promise.race([transport.write(wire), closed])) === 'closed') break;
      } catch {
        break; // the listener went away
      }
      lines++;
      bytesSent += bytes.length;
      if (pace > 0) await sleep(script.lineGapMs * pace);
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
