/**
 * The process behind a pseudo-terminal pair (started by pty-pair.ts): opens two openpty()
 * terminals (prebuilt by the `@lydell/node-pty` package, nothing from the system), sets both raw,
 * prints their paths as one JSON line, then copies bytes between their master sides.
 *
 * It runs apart from the program that asked for the pair because the master descriptors cannot be
 * marked close-on-exec: any process that program started would inherit them and keep the terminals
 * alive after they should have hung up. It ends when its stdin closes (the parent ended, however
 * hard) or on SIGTERM; Ctrl-C is the parent's to handle.
 */
import { closeSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadStream } from 'node:tty';

interface OpenedPty {
  master: number;
  slave: number;
  pty: string;
}

interface NativePty {
  open(columns: number, rows: number): OpenedPty;
}

function loadNative(): NativePty {
  if (process.platform === 'win32') throw new Error('Windows has no pseudo-terminals that serial tools can open');
  try {
    const require = createRequire(import.meta.url);
    const { requireBinary } = require('@lydell/node-pty/requireBinary.js') as { requireBinary(file: string): NativePty };
    return requireBinary('pty.node');
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(`${first} (reinstall with npm install, without --omit=optional)`);
  }
}

/** One terminal: its master read through libuv, its slave held open (never read) and raw. */
interface Terminal {
  readonly path: string;
  readonly masterFd: number;
  readonly master: ReadStream;
}

function openTerminal(pty: NativePty): Terminal {
  const opened = pty.open(80, 24);
  // Holding the slave keeps the master readable while no program has the path open, and lets the
  // line be raw (no echo, no line editing) before anyone opens it, as a serial line is.
  const slave = new ReadStream(opened.slave);
  slave.setRawMode(true);
  const master = new ReadStream(opened.master);
  master.on('error', () => {});
  return { path: opened.pty, masterFd: opened.master, master };
}

const RETRY_MS = 1;

/**
 * Copies what `from`'s master reads into `to`'s master. That descriptor is non-blocking: when the
 * other terminal's buffer is full, reading pauses and the rest is retried, so a slow reader slows
 * the writer instead of losing bytes.
 */
function relay(from: Terminal, to: Terminal): void {
  const queue: Buffer[] = [];
  let retry: NodeJS.Timeout | undefined;
  const flush = () => {
    retry = undefined;
    while (queue.length > 0) {
      const chunk = queue[0]!;
      let written = 0;
      try {
        written = writeSync(to.masterFd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
      if (written === chunk.length) {
        queue.shift();
        continue;
      }
      queue[0] = chunk.subarray(written);
      from.master.pause();
      retry = setTimeout(flush, RETRY_MS);
      return;
    }
    from.master.resume();
  };
  from.master.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    if (!retry) flush();
  });
}

function main(): void {
  process.on('SIGINT', () => {});
  let terminals: Terminal[];
  try {
    const pty = loadNative();
    terminals = [openTerminal(pty), openTerminal(pty)];
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const [device, host] = terminals as [Terminal, Terminal];
  relay(device, host);
  relay(host, device);
  process.stdout.write(JSON.stringify({ devicePath: device.path, hostPath: host.path }) + '\n');
  const end = () => {
    for (const terminal of terminals) {
      try {
        closeSync(terminal.masterFd);
      } catch {
        // already closed
      }
    }
    process.exit(0);
  };
  process.stdin.on('end', end).on('error', end).resume();
  process.on('SIGTERM', end);
}

main();
