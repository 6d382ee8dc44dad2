/**
 * Test only, injected into the page before its own code: a Web Serial `navigator.serial` whose one port
 * is a WebSocket to the test's bridge, which forwards the bytes to an emulator's pseudo-terminal. Each
 * open() is a new connection carrying the baud rate; setSignals asks the bridge and fails when the
 * pseudo-terminal refuses modem lines, as a real port without them would. The page's code is unchanged.
 * A classic script (no imports or exports).
 */
(() => {
  const bridge = (globalThis as unknown as { FWKIT_SERIAL_BRIDGE?: string }).FWKIT_SERIAL_BRIDGE;
  if (!bridge) return;

  class BridgedPort extends EventTarget {
    readable: ReadableStream<Uint8Array> | null = null;
    writable: WritableStream<Uint8Array> | null = null;
    private socket: WebSocket | null = null;
    private replies: Array<(ok: boolean) => void> = [];

    getInfo() {
      return { usbVendorId: 0x1a86, usbProductId: 0x7523 };
    }

    async open({ baudRate }: { baudRate: number }): Promise<void> {
      if (this.socket) throw new DOMException('The port is already open.', 'InvalidStateError');
      const socket = new WebSocket(`${bridge}?baud=${baudRate}`);
      socket.binaryType = 'arraybuffer';
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new DOMException('Failed to open serial port.', 'NetworkError'));
      });
      this.socket = socket;
      this.readable = new ReadableStream<Uint8Array>({
        start: (controller) => {
          socket.onmessage = (event) => {
            if (typeof event.data === 'string') this.replies.shift()?.((JSON.parse(event.data) as { ok: boolean }).ok);
            else controller.enqueue(new Uint8Array(event.data as ArrayBuffer));
          };
          socket.onclose = () => {
            try {
              controller.close();
            } catch {
              /* already cancelled by the reader */
            }
          };
        },
      });
      this.writable = new WritableStream<Uint8Array>({ write: (chunk) => socket.send(chunk.slice()) });
    }

    async setSignals(signals: Record<string, boolean>): Promise<void> {
      if (!this.socket) throw new DOMException('The port is closed.', 'InvalidStateError');
      const reply = new Promise<boolean>((resolve) => this.replies.push(resolve));
      this.socket.send(JSON.stringify({ signals }));
      if (!(await reply)) throw new DOMException('Failed to set control signals.', 'NetworkError');
    }

    async close(): Promise<void> {
      const socket = this.socket;
      this.socket = null;
      this.readable = null;
      this.writable = null;
      if (!socket) return;
      const closed = new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()));
      socket.close();
      await closed;
    }
  }

  const port = new BridgedPort();
  Object.defineProperty(navigator, 'serial', {
    value: { requestPort: async () => port, getPorts: async () => [port] },
    configurable: true,
  });
})();
