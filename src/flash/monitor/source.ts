/** The part of a Transport the monitor uses (the serial transport and the in-memory pair both fit). */
export interface MonitorSource {
  readonly path: string;
  readonly baudRate: number;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  setBaudRate(baudRate: number): Promise<void>;
  onClose(listener: (error?: Error) => void): void;
}
