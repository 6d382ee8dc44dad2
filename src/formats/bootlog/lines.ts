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

  /** The lines completed by this chunk. CR, LF and CRLF all end a line. */
  push(data: Uint8Array, atMs: number): TimedLine[] {
    if (!this.partial) this.partialAtMs = atMs;
    let text = this.partial + latin1Of(data);
    // A CR at the very end may be the first half of a CRLF split across chunks: keep it for later.
    const heldCr = text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    const pieces = text.split(/\r\n|\n|\r/);
    this.partial = (pieces.pop() ?? '') + (heldCr ? '\r' : '');
    const lines = pieces.map((piece, i) => ({ atMs: i === 0 ? this.partialAtMs : atMs, text: piece }));
    if (pieces.length) this.partialAtMs = atMs;
    return lines;
  }

  /** The unfinished last line, if any, as a line. */
  flush(): TimedLine[] {
    const rest = this.partial.replace(/\r$/, '');
    this.partial = '';
    return rest ? [{ atMs: this.partialAtMs, text: rest }] : [];
  }
}
