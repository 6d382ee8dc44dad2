/**
 * A captured log file as a device would send it again: its lines (with their own CR/LF, partial last
 * line included) and the pause before each. The pace is the capture's own when its lines carry
 * terminal capture stamps (which a device never sends, so they are left out), otherwise the wire
 * speed at the device's baud: each line follows the previous one as soon as it is on the wire.
 */
import { diagnoseBootLog } from '../../formats/bootlog/analyzer.js';
import { splitCaptureStamp } from '../../formats/bootlog/capture-time.js';
import { latin1Of } from '../../formats/bytes.js';
import { logPortFor, type ChipName } from '../../formats/bootlog/log-ports.js';

export interface RecordedPiece {
  /** What the device sends: one line with its own line ending. */
  bytes: Uint8Array;
  /** Pause before this piece, in milliseconds. */
  gapMs: number;
}

export interface RecordedLog {
  kind: 'recording';
  name: string;
  /** The rate the device sends at: given, or the log rate of the chip the log names. */
  baud: number;
  chip?: ChipName;
  pieces: RecordedPiece[];
}

export type RecordingPace = 'recorded' | 'wire';

/** A gap longer than this in the stamps is a pause in the capture, not the device's pace. */
const LONGEST_GAP_MS = 10_000;

function linesWithEndings(data: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (byte !== 0x0a && byte !== 0x0d) continue;
    if (byte === 0x0d && data[i + 1] === 0x0a) i++;
    pieces.push(data.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < data.length) pieces.push(data.subarray(start));
  return pieces;
}

export function wireTimeMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud; // 8N1: ten bit times a byte
}

export function recordingFromBytes(name: string, data: Uint8Array, options: { baud?: number; pace?: RecordingPace } = {}): RecordedLog {
  const diagnosis = diagnoseBootLog(data);
  const chip = diagnosis.chipFromBootBanner ?? diagnosis.chipFromFirmware;
  const baud = options.baud ?? (chip ? logPortFor(chip).baud : 115200);
  const recordedPace = (options.pace ?? 'recorded') === 'recorded';
  const pieces: RecordedPiece[] = [];
  let previousStamp: number | undefined;
  let previousLength = 0;
  for (const line of linesWithEndings(data)) {
    const stamped = splitCaptureStamp(latin1Of(line));
    const bytes = stamped.atMs === undefined ? line : line.subarray(line.length - stamped.text.length);
    const wire = wireTimeMs(previousLength, baud);
    const recorded = stamped.atMs !== undefined && previousStamp !== undefined ? stamped.atMs - previousStamp : undefined;
    const gapMs = recordedPace && recorded !== undefined && recorded >= 0 && recorded <= LONGEST_GAP_MS ? Math.max(recorded, wire) : wire;
    pieces.push({ bytes, gapMs });
    if (stamped.atMs !== undefined) previousStamp = stamped.atMs;
    previousLength = bytes.length;
  }
  const recording: RecordedLog = { kind: 'recording', name, baud, pieces };
  if (chip) recording.chip = chip;
  return recording;
}
