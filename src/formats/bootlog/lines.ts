import { latin1Of } from '../bytes.js';

/** Splits a byte stream into text lines, each stamped with the arrival time of its first byte. */

export interface TimedLine {
  atMs: number;
  /** The line without its CR/LF, bytes read as Latin-1 so that noise survives unchanged. */
  text: string;
}

export class LineSplitter {
  private partial = '';
  private partialAtMs = 0;

  /** The lines completed by this chunk. */
  push(data: Uint8Array, atMs: number): TimedLine[] {
    if (!this.partial) this.partialAtMs = atMs;
    const pieces = (this.partial + latin1Of(data)).split(/\r\n|\n|\r/);
    this.partial = pieces.pop() ?? '';
    const lines = pieces.map((text, i) => ({ atMs: i === 0 ? this.partialAtMs : atMs, text }));
    if (pieces.length) this.partialAtMs = atMs;
    return lines;
  }

  /** The unfinished last line, if any, as a line. */
  flush(): TimedLine[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [{ atMs: this.partialAtMs, text: rest }] : [];
  }
}
