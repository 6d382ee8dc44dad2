/**
 * How much a stretch of serial bytes looks like a text log. A wrong baud rate turns text into
 * bytes spread over the whole 0..255 range; the right one gives printable ASCII split into lines.
 */

export interface Readability {
  bytes: number;
  /** Share of bytes that are printable ASCII, tab, CR or LF (0..1). */
  printable: number;
  /** Share of bytes that are '.' among the non-blank ones: a Beken download port shows mostly dots. */
  dots: number;
  /** Line breaks seen. */
  lines: number;
  /** 0..1; 0 for fewer than `minBytes` bytes. */
  score: number;
}

/** Below this many bytes nothing can be said about a sample. */
export const MIN_SAMPLE_BYTES = 16;
/** A sample scoring at least this is treated as readable text. */
export const READABLE_SCORE = 0.9;

function isTextByte(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

export function scoreReadability(data: Uint8Array, minBytes = MIN_SAMPLE_BYTES): Readability {
  let text = 0;
  let dots = 0;
  let nonBlank = 0;
  let lines = 0;
  let longestRun = 0;
  let run = 0;
  for (const byte of data) {
    if (isTextByte(byte)) text++;
    if (byte === 0x0a) lines++;
    if (byte === 0x2e) dots++;
    if (byte > 0x20 && byte < 0x7f) nonBlank++;
    // Text without any line break for a long stretch is suspicious too.
    run = byte === 0x0a || byte === 0x0d ? 0 : run + 1;
    if (run > longestRun) longestRun = run;
  }
  const printable = data.length ? text / data.length : 0;
  // Real log lines are short; a printable stream without breaks for 400 bytes is more likely noise.
  const breakPenalty = longestRun > 400 && dots < nonBlank / 2 ? 0.8 : 1;
  const score = data.length < minBytes ? 0 : printable * breakPenalty;
  return { bytes: data.length, printable, dots: nonBlank ? dots / nonBlank : 0, lines, score };
}

export function isReadable(data: Uint8Array): boolean {
  return scoreReadability(data).score >= READABLE_SCORE;
}
