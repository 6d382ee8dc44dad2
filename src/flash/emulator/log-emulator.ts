/**
 * The log mode of the emulator, reachable through a real pseudo-terminal: a device that plays a
 * scripted boot log, or a captured log file, at its own baud. Point `fwkit monitor --port <hostPath>`
 * (or any terminal) at it.
 */
import { openPtyPair } from '../pty-pair.js';
import { SerialTransport } from '../serial-transport.js';
import type { ScenarioName } from './boot-logs.js';
import { playBootLog } from './log-player.js';
import type { RecordedLog } from './log-recording.js';
import { openTerminalBaudReader } from './terminal-baud.js';

export interface LogEmulatorOptions {
  /** A scripted scenario to play, or a captured log (played once). */
  scenario: ScenarioName | RecordedLog;
  /** The device's send rate (default: the scenario's or recording's). */
  baud?: number;
  maxLines?: number;
  pace?: number;
}

export interface LogEmulator {
  /** The path to give to the monitor. */
  readonly hostPath: string;
  /** Resolves when the script has been played (maxLines) or the emulator stopped. */
  readonly done: Promise<{ lines: number; bytesSent: number }>;
  stop(): Promise<void>;
}

/**
 * Opens the pseudo-terminal pair and the device side; the script starts when `start()` of the
 * returned handle is called, so a test can first attach the monitor.
 */
export interface LogEmulatorPort {
  readonly hostPath: string;
  /**
   * Resolves once a program has opened the host end and set its rate (a terminal left at its initial
   * settings has no listener yet), so the boot is not played to nobody; false if closed first.
   */
  whenListened(pollMs?: number): Promise<boolean>;
  start(options: LogEmulatorOptions): LogEmulator;
  close(): Promise<void>;
}

export async function openLogEmulator(): Promise<LogEmulatorPort> {
  const pair = await openPtyPair();
  const device = await SerialTransport.open(pair.devicePath);
  const listener = openTerminalBaudReader(pair.hostPath);
  let stopPlayer: () => void = () => {};
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopPlayer();
      listener.close();
      await device.close();
      await pair.close();
    })());
  const initialBaud = await listener.read();
  return {
    hostPath: pair.hostPath,
    async whenListened(pollMs = 100) {
      while (!closing) {
        if ((await listener.read()) !== initialBaud) return true;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      return false;
    },
    start(options) {
      const player = playBootLog(device, {
        script: options.scenario,
        baud: options.baud,
        listenerBaud: () => listener.read(),
        maxLines: options.maxLines,
        pace: options.pace,
      });
      stopPlayer = player.stop;
      return {
        hostPath: pair.hostPath,
        done: player.done,
        stop: async () => {
          player.stop();
          await player.done;
        },
      };
    },
    close,
  };
}
