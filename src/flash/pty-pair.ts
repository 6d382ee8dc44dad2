/**
 * Two linked pseudo-terminals made by socat: bytes written to one come out of the other, so an
 * emulator can sit on one end and any serial tool (fwkit or another flasher) can open the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  /** Device path for the device side (the emulator opens this one). */
  readonly devicePath: string;
  /** Device path to give to a flasher or terminal. */
  readonly hostPath: string;
  /** Stops socat and waits for it to exit; the paths disappear. Safe to call twice. */
  close(): Promise<void>;
}

export class PtyUnavailableError extends Error {
  constructor(reason: string) {
    super(`cannot create a pseudo-terminal pair: ${reason} (install socat, e.g. apt-get install socat)`);
    this.name = 'PtyUnavailableError';
  }
}

const PTY_LINE = /PTY is (\S+)/g;

/** Starts socat and resolves once both pseudo-terminals exist. */
export function openPtyPair({ socat = 'socat', timeoutMs = 5000 } = {}): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(socat, ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      reject(new PtyUnavailableError(String(error)));
      return;
    }
    const paths: string[] = [];
    let settled = false;
    let stderr = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill();
      reject(new PtyUnavailableError(reason));
    };
    const timer = setTimeout(() => fail(`socat did not report two terminals within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`socat exited with code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr += text;
      if (settled) return;
      for (const match of text.matchAll(PTY_LINE)) paths.push(match[1]!);
      // Data flows only after socat says so; wait for that line, not just the two paths.
      if (paths.length >= 2 && stderr.includes('starting data transfer loop')) {
        settled = true;
        clearTimeout(timer);
        let closing: Promise<void> | null = null;
        resolve({
          devicePath: paths[0]!,
          hostPath: paths[1]!,
          close: () => {
            closing ??= child.exitCode !== null ? Promise.resolve() : (child.kill(), exited);
            return closing;
          },
        });
      }
    });
  });
}
