/**
 * Incremental boot-log analysis: bytes and their arrival times in, a diagnosis out, at any moment.
 * Pure (no I/O), so the monitor can ask for a live diagnosis after every chunk and `fwkit log` for one
 * over a saved capture: both use this one analyzer.
 */
import { splitCaptureStamp } from './capture-time.js';
import type { Evidence, Finding } from './findings.js';
import type { FirmwareFacts } from './firmware-lines.js';
import { contentFindings, labelOf, signalFindings, type JudgeContext, type Label } from './judge.js';
import { LineSplitter } from './lines.js';
import type { ChipFamily, ChipName } from './log-ports.js';
import { LogState } from './log-state.js';
import { classifyLine, type ResetCause } from './patterns.js';
import { READABLE_SCORE, ReadabilityCounter, type Readability } from './readability.js';

export interface AnalyzerContext extends JudgeContext {
  chip?: ChipName | ChipFamily;
  /** The rate the bytes were received at (unknown for a saved file unless the user says). */
  baud?: number;
}

export interface Diagnosis {
  verdict: 'healthy' | 'fault' | 'unknown';
  /** The device's state in an expert's words. */
  label: Label;
  baud: number | null;
  bytes: number;
  lines: number;
  readability: Readability;
  boots: number;
  bootCounter?: { first: number; last: number };
  /** The chip named by the bootloader or SDK banner, and the one the firmware was built for. */
  chipFromBootBanner?: ChipName;
  chipFromFirmware?: ChipName;
  firmware?: FirmwareFacts;
  /** The reset reason the last boot reported, when it said. */
  resetReason?: { cause: ResetCause; detail: string; evidence: Evidence };
  findings: Finding[];
}

const MAX_QUOTE = 200;

export class BootLogAnalyzer {
  private readonly readability = new ReadabilityCounter();
  private readonly splitter = new LineSplitter();
  private readonly state = new LogState();
  private lineNumber = 0;
  /** The first capture stamp, so stamped times count from the start of the capture. */
  private firstStampMs?: number;

  constructor(private readonly context: AnalyzerContext) {}

  /** `atMs`: arrival time of the chunk (live); leave it out for a saved file (times come from capture stamps). */
  push(data: Uint8Array, atMs?: number): void {
    this.readability.add(data);
    for (const line of this.splitter.push(data, atMs ?? Number.NaN)) this.takeLine(line.text, line.atMs);
  }

  /** Takes the unfinished last line as complete (at the end of a session). */
  flush(): void {
    for (const line of this.splitter.flush()) this.takeLine(line.text, line.atMs);
  }

  private takeLine(raw: string, arrivalMs: number): void {
    this.lineNumber++;
    const stamped = splitCaptureStamp(raw);
    const text = stamped.text.trim();
    if (!text) return;
    let atMs: number | undefined = Number.isNaN(arrivalMs) ? undefined : arrivalMs;
    if (atMs === undefined && stamped.atMs !== undefined) {
      this.firstStampMs ??= stamped.atMs;
      atMs = stamped.atMs - this.firstStampMs;
    }
    const evidence: Evidence = { line: this.lineNumber, text: text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text };
    if (atMs !== undefined) evidence.atMs = atMs;
    this.state.take(classifyLine(text), evidence);
  }

  diagnose(): Diagnosis {
    const readability = this.readability.result();
    const state = this.state;
    const signal = signalFindings(state, this.context, readability);
    const findings = signal.length ? signal : contentFindings(state, this.context);
    const readable = readability.score >= READABLE_SCORE;
    const verdict = findings.some((f) => f.severity === 'fault') ? 'fault' : state.lines && readable ? 'healthy' : 'unknown';
    const diagnosis: Diagnosis = {
      verdict,
      label: labelOf(findings, state, readable),
      baud: this.context.baud ?? null,
      bytes: readability.bytes,
      lines: state.lines,
      readability,
      boots: state.boots.length,
      findings,
    };
    if (state.counters.length) diagnosis.bootCounter = { first: state.counters[0]!.value, last: state.counters.at(-1)!.value };
    if (state.chipFromBootBanner) diagnosis.chipFromBootBanner = state.chipFromBootBanner.chip;
    if (state.chipFromFirmware) diagnosis.chipFromFirmware = state.chipFromFirmware.chip;
    if (!signal.length && Object.keys(state.firmware).length) diagnosis.firmware = { ...state.firmware };
    const reset = state.resets.at(-1);
    if (reset) diagnosis.resetReason = reset;
    return diagnosis;
  }
}

/** Analyses a whole captured log at once (times come from capture stamps, when the lines have them). */
export function diagnoseBootLog(data: Uint8Array, context: AnalyzerContext = {}): Diagnosis {
  const analyzer = new BootLogAnalyzer(context);
  analyzer.push(data);
  analyzer.flush();
  return analyzer.diagnose();
}
