/**
 * Two linked pseudo-terminals: bytes written to one come out of the other, so an emulator can sit
 * on one end and any serial tool (fwkit or another flasher) can open the other. A small process of
 * our own (pty-relay.ts) holds them; nothing needs to be installed from the system.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface PtyPair {
  /** Device path for the device side (the emulator opens this one). */
  readonly devicePath: string;
  /** Device path to give to a flasher or terminal; its line settings (rate) are the host's. */
  readonly hostPath: string;
  /** Stops the relay and waits for it to exit; the paths disappear. Safe to call twice. */
  close(): Promise<void>;
}

export class PtyUnavailableError extends Error {
  constructor(reason: string) {
    super(`cannot create a pseudo-terminal pair: ${reason}`);
    this.name = 'PtyUnavailableError';
  }
}

const relayScript = fileURLToPath(new URL('./pty-relay.js', import.meta.url));

/** Starts the relay and resolves once both pseudo-terminals exist and are raw. */
export function openPtyPair({ timeoutMs = 30_000 } = {}): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [relayScript], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      reject(new PtyUnavailableError(String(error)));
      return;
    }
    let settled = false;
    let stdout = '';
    let stderr = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill();
      reject(new PtyUnavailableError(reason));
    };
    // Generous: it only guards against a relay that never starts, and a busy machine is slow to start one.
    const timer = setTimeout(() => fail(`the relay did not report its terminals within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(stderr.trim().split('\n').pop() || `the relay exited with code ${code}`));
    child.stdin!.on('error', () => {});
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (settled || !stdout.includes('\n')) return;
      settled = true;
      clearTimeout(timer);
      const { devicePath, hostPath } = JSON.parse(stdout) as { devicePath: string; hostPath: string };
      let closing: Promise<void> | null = null;
      resolve({
        devicePath,
        hostPath,
        close: () => {
          closing ??= child.exitCode !== null ? Promise.resolve() : (child.kill('SIGTERM'), exited);
          return closing;
        },
      });
    });
  });
}
