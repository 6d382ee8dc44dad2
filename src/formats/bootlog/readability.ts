/**
 * How much a stretch of serial bytes looks like a text log. A wrong baud rate turns text into
 * bytes spread over the whole 0..255 range; the right one gives printable ASCII split into lines.
 */

export interface Readability {
  bytes: number;
  /** Share of bytes that are printable ASCII, tab, CR or LF (0..1). */
  printable: number;
  /** Share of '.' among the visible characters: a Beken download port shows mostly dots. */
  dots: number;
  /** Line breaks seen. */
  lines: number;
  /** 0..1; 0 for fewer than MIN_SAMPLE_BYTES bytes. */
  score: number;
}

/** Below this many bytes nothing can be said about a sample. */
export const MIN_SAMPLE_BYTES = 16;
/** A sample scoring at least this is treated as readable text. */
export const READABLE_SCORE = 0.9;
/** Real log lines are short; printable bytes without a break for this long are more likely noise. */
const LONGEST_PLAUSIBLE_LINE = 400;

function isTextByte(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Counts as bytes arrive, so a long session is never rescanned. */
export class ReadabilityCounter {
  private bytes = 0;
  private text = 0;
  private dots = 0;
  private visible = 0;
  private lines = 0;
  private run = 0;
  private longestRun = 0;

  add(data: Uint8Array): void {
    this.bytes += data.length;
    for (const byte of data) {
      if (isTextByte(byte)) this.text++;
      if (byte === 0x0a) this.lines++;
      if (byte === 0x2e) this.dots++;
      if (byte > 0x20 && byte < 0x7f) this.visible++;
      this.run = byte === 0x0a || byte === 0x0d ? 0 : this.run + 1;
      if (this.run > this.longestRun) this.longestRun = this.run;
    }
  }

  result(): Readability {
    const printable = this.bytes ? this.text / this.bytes : 0;
    const dots = this.visible ? this.dots / this.visible : 0;
    const unbroken = this.longestRun > LONGEST_PLAUSIBLE_LINE && dots < 0.5 ? 0.8 : 1;
    const score = this.bytes < MIN_SAMPLE_BYTES ? 0 : printable * unbroken;
    return { bytes: this.bytes, printable, dots, lines: this.lines, score };
  }
}

export function scoreReadability(data: Uint8Array): Readability {
  const counter = new ReadabilityCounter();
  counter.add(data);
  return counter.result();
}

export function isReadable(data: Uint8Array): boolean {
  return scoreReadability(data).score >= READABLE_SCORE;
}
