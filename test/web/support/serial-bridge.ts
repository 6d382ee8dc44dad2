/**
 * Test only: the Node end of the page's bridged serial port. A WebSocket server on 127.0.0.1 forwards
 * bytes between the page and one pseudo-terminal (an emulator's host end), opened with the serialport
 * package when the page first opens its port (a log emulator starts playing then) and kept open; each
 * connection sets the pty's baud rate, as reopening a real port would.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { SerialTransport } from '../../../src/flash/serial-transport.js';
import type { ModemSignals } from '../../../src/flash/transport.js';

export interface SerialBridge {
  url: string;
  /** Connections the page opened so far (one per open(): the first plus one per baud change). */
  readonly opens: number[];
  close(): Promise<void>;
}

function modemLines(signals: { dataTerminalReady?: boolean; requestToSend?: boolean }): ModemSignals {
  const lines: ModemSignals = {};
  if (signals.dataTerminalReady !== undefined) lines.dtr = signals.dataTerminalReady;
  if (signals.requestToSend !== undefined) lines.rts = signals.requestToSend;
  return lines;
}

export async function startSerialBridge(ptyPath: string): Promise<SerialBridge> {
  let pty: Promise<SerialTransport> | null = null;
  let current: WebSocket | null = null;
  const opens: number[] = [];
  const openPty = async (baud: number): Promise<SerialTransport> => {
    if (!pty) {
      pty = SerialTransport.open(ptyPath, baud);
      (await pty).onData((chunk) => current?.send(chunk));
    }
    const open = await pty;
    await open.setBaudRate(baud);
    return open;
  };
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket, request) => {
    const baud = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('baud'));
    opens.push(baud);
    current = socket;
    const ready = openPty(baud);
    socket.on('message', async (data, isBinary) => {
      const pty = await ready;
      if (!isBinary) {
        const { signals } = JSON.parse(String(data)) as { signals: { dataTerminalReady?: boolean; requestToSend?: boolean } };
        void pty.setSignals(modemLines(signals)).then((ok) => socket.send(JSON.stringify({ ok })));
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      void pty.write(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { waitSent: false });
    });
    socket.on('close', () => {
      if (current === socket) current = null;
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/`,
    opens,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await (await pty)?.close();
    },
  };
}
