/**
 * How much a stretch of serial bytes looks like a text log. A wrong baud rate turns text into bytes
 * spread over the whole 0..255 range; the right one gives printable text split into lines.
 * Real logs are untidy and all of that is still text: two tasks printing into each other (lines of
 * 400+ characters), CR/LF mixes, a partial line at either end, UTF-8 banners (the BL602 SDK prints its
 * name in box-drawing characters), a stray byte at reset. None of it counts against readability.
 */

export interface Readability {
  bytes: number;
  /** Share of bytes that are text: printable ASCII, tab, CR, LF, or part of a valid UTF-8 sequence (0..1). */
  printable: number;
  /** Share of '.' among the visible characters: a Beken download port shows mostly dots. */
  dots: number;
  /** Line breaks seen. */
  lines: number;
  /** Share of the non-text bytes that are 0x80 or above with few low bits set: a device slower than the listener. */
  slowSender: number;
  /** 0..1; 0 for fewer than MIN_SAMPLE_BYTES bytes. */
  score: number;
}

/** Below this many bytes nothing can be said about a sample. */
export const MIN_SAMPLE_BYTES = 16;
/** A sample scoring at least this is treated as readable text. */
export const READABLE_SCORE = 0.9;

function isAsciiText(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Length of the UTF-8 sequence a lead byte announces (0 when it is no lead byte). */
function utf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * A slow sender read by a fast receiver gives long low stretches: bytes whose set bits sit at the top
 * (0x80, 0xC0, 0xE0, 0xF0, ...) or nearly so.
 */
function looksStretched(byte: number): boolean {
  if (byte < 0x80) return false;
  const low = byte & 0x0f;
  return low === 0 || low === 0x08 || low === 0x0e || low === 0x06;
}

/** Counts as bytes arrive, so a long session is never rescanned. */
export class ReadabilityCounter {
  private bytes = 0;
  private text = 0;
  private dots = 0;
  private visible = 0;
  private lines = 0;
  private nonText = 0;
  private stretched = 0;
  /** Continuation bytes still expected by an unfinished UTF-8 sequence, and the bytes held for it. */
  private pending: number[] = [];
  private expected = 0;

  add(data: Uint8Array): void {
    this.bytes += data.length;
    for (const byte of data) {
      if (this.expected) {
        if ((byte & 0xc0) === 0x80) {
          this.pending.push(byte);
          if (this.pending.length === this.expected) {
            this.text += this.expected;
            this.visible++;
            this.pending = [];
            this.expected = 0;
          }
          continue;
        }
        this.dropPending();
      }
      const length = utf8Length(byte);
      if (length) {
        this.pending = [byte];
        this.expected = length;
        continue;
      }
      this.countSingle(byte);
    }
  }

  private dropPending(): void {
    for (const byte of this.pending) this.countNonText(byte);
    this.pending = [];
    this.expected = 0;
  }

  private countSingle(byte: number): void {
    if (!isAsciiText(byte)) {
      this.countNonText(byte);
      return;
    }
    this.text++;
    if (byte === 0x0a) this.lines++;
    if (byte === 0x2e) this.dots++;
    if (byte > 0x20 && byte < 0x7f) this.visible++;
  }

  private countNonText(byte: number): void {
    this.nonText++;
    if (looksStretched(byte)) this.stretched++;
  }

  result(): Readability {
    // A sequence cut off by the end of the sample is not held against it.
    const counted = this.bytes - this.pending.length;
    const printable = counted ? this.text / counted : 0;
    const dots = this.visible ? this.dots / this.visible : 0;
    const slowSender = this.nonText ? this.stretched / this.nonText : 0;
    const score = this.bytes < MIN_SAMPLE_BYTES ? 0 : printable;
    return { bytes: this.bytes, printable, dots, lines: this.lines, slowSender, score };
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
