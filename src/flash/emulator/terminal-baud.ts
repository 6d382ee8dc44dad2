/**
 * Reads the rate another program has set on a terminal. A pseudo-terminal carries bytes at any rate,
 * so the emulators ask which rate the client's end is set to, to show it what a real wire would.
 * It holds its own descriptor of that terminal (opened before the client locks it, read-only, never
 * read from) and asks the kernel through it: on Linux with the termios2 call of the serial-port
 * library (no process, so it can be asked whenever bytes arrive), elsewhere through `stty` with that
 * descriptor as its stdin (a process, so recent answers are reused).
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface TerminalBaudReader {
  /** The rate, asked anew unless the last answer is younger than `maxAgeMs` (where asking costs a process). */
  read(maxAgeMs?: number): Promise<number>;
  close(): void;
}

/** A reading this recent is reused when asking costs a process: lines come every few ms. */
const FRESH_MS = 20;

type GetBaudRate = (fd: number, done: (error: Error | null, result?: { baudRate: number }) => void) => void;

/** The serial-port library's own call for the rate of a descriptor (Linux only). */
function kernelRateCall(): GetBaudRate | null {
  if (process.platform !== 'linux') return null;
  try {
    const require = createRequire(import.meta.url);
    const { binding } = require('@serialport/bindings-cpp/dist/serialport-bindings.js') as { binding: { getBaudRate?: GetBaudRate } };
    return binding.getBaudRate ?? null;
  } catch {
    return null;
  }
}

export function openTerminalBaudReader(path: string): TerminalBaudReader {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
  let kernel = kernelRateCall();
  let last = 0;
  let readAt = -Infinity;
  let asking: { at: number; answer: Promise<number> } | null = null;
  const askStty = (): Promise<number> =>
    new Promise<number>((resolve) => {
      const askedAt = Date.now();
      // The child's stdin is the terminal itself.
      const child = spawn('stty', ['speed'], { stdio: [fd, 'pipe', 'ignore'] });
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
      child.on('error', () => resolve(last));
      child.on('close', (code) => {
        const baud = Number(output.trim());
        if (code === 0 && Number.isInteger(baud) && baud > 0) last = baud;
        // The answer is as old as the question: a rate set meanwhile may not be in it.
        readAt = askedAt;
        resolve(last);
      });
    });
  const askKernel = (call: GetBaudRate): Promise<number> =>
    new Promise<number>((resolve) => {
      call(fd, (error, result) => {
        if (error || !result || !(result.baudRate > 0)) {
          kernel = null; // not a terminal this call understands: stty from now on
          resolve(askStty());
          return;
        }
        last = result.baudRate;
        resolve(last);
      });
    });
  return {
    read(maxAgeMs = FRESH_MS) {
      if (kernel) return askKernel(kernel);
      const oldest = Date.now() - maxAgeMs;
      if (readAt > oldest) return Promise.resolve(last);
      // Callers share a question that is out, unless it was asked too long ago for them.
      if (asking && asking.at > oldest) return asking.answer;
      const before = asking?.answer ?? Promise.resolve(0);
      const question = { at: Date.now(), answer: before.then(askStty) };
      asking = question;
      void question.answer.finally(() => {
        if (asking === question) asking = null;
      });
      return question.answer;
    },
    close: () => closeSync(fd),
  };
}
