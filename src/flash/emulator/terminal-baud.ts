/**
 * Reads the rate another program has set on a terminal. A pseudo-terminal carries bytes at any rate,
 * so the log emulator asks which rate the monitor's end is set to, to show it what a real wire would.
 * It holds its own descriptor of that terminal (opened before the monitor locks it) and asks `stty`
 * about it through stdin, which needs no second open.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

export interface TerminalBaudReader {
  read(): Promise<number>;
  close(): void;
}

/** A reading this recent is reused: asking stty costs a process, and lines come every few ms. */
const FRESH_MS = 20;

export function openTerminalBaudReader(path: string): TerminalBaudReader {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
  let last = 0;
  let readAt = 0;
  const ask = () =>
    new Promise<number>((resolve) => {
      // The child's stdin is the terminal itself.
      const child = spawn('stty', ['speed'], { stdio: [fd, 'pipe', 'ignore'] });
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
      child.on('error', () => resolve(last));
      child.on('close', (code) => {
        const baud = Number(output.trim());
        if (code === 0 && Number.isInteger(baud) && baud > 0) last = baud;
        readAt = Date.now();
        resolve(last);
      });
    });
  return {
    read: () => (Date.now() - readAt < FRESH_MS ? Promise.resolve(last) : ask()),
    close: () => closeSync(fd),
  };
}
