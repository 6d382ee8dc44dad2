/**
 * Terminal programs prefix each received line with the time it came in ("[22:37:57.390] - ",
 * "22:37:57.390 -> ", "[2024-05-01 22:37:57.390] ", or fwkit monitor's own "[   12.345] ").
 * A pasted log keeps those stamps: they give the times of its lines, and the text after them is
 * what the device printed.
 */

export interface StampedText {
  /** The device's text, without the capture stamp. */
  text: string;
  /** Milliseconds since midnight (clock stamps) or since the capture began (elapsed stamps). */
  atMs?: number;
}

const CLOCK_STAMP =
  /^\[?(?:\d{4}-\d\d-\d\d[ T])?([01]?\d|2[0-3]):([0-5]\d):([0-5]\d)(?:[.,](\d{1,6}))?\]?(?:\s*(?:->|-|>|:)(?=\s))?\s?/;
const ELAPSED_STAMP = /^\[\s*(\d{1,7})\.(\d{3})\]\s/;

function fraction(digits: string | undefined): number {
  return digits ? Number(`0.${digits}`) * 1000 : 0;
}

export function splitCaptureStamp(line: string): StampedText {
  const elapsed = ELAPSED_STAMP.exec(line);
  if (elapsed) return { text: line.slice(elapsed[0].length), atMs: Number(elapsed[1]) * 1000 + Number(elapsed[2]) };
  const clock = CLOCK_STAMP.exec(line);
  // A bare "12:00:01" at the start of a device line is not a stamp unless something follows it.
  if (clock && clock[0].length < line.length && (line.startsWith('[') || /->|-\s|\s$/.test(clock[0]))) {
    const [, h, m, s, ms] = clock;
    return { text: line.slice(clock[0].length), atMs: ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + fraction(ms) };
  }
  return { text: line };
}
