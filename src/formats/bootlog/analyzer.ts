/**
 * Incremental boot-log analysis: bytes and their arrival times in, a diagnosis out, at any moment.
 * Pure (no I/O), so the monitor can ask for a live diagnosis after every chunk and a final one at the end.
 */
import {
  bootCounterFinding,
  bootLoopFinding,
  familyMismatchFinding,
  garbageFinding,
  safeModeFinding,
  silentFinding,
  wifiResetFinding,
  wrongBaudFinding,
  wrongUartFinding,
  type Finding,
} from './findings.js';
import { familyOf, type ChipFamily, type ChipName } from './log-ports.js';
import { BOOT_MARKER_RANK, classifyLine, type LineMeaning } from './patterns.js';
import { LineSplitter } from './lines.js';
import { MIN_SAMPLE_BYTES, READABLE_SCORE, ReadabilityCounter, type Readability } from './readability.js';

export interface AnalyzerContext {
  /** What the user says the chip is, if anything. */
  chip?: ChipName | ChipFamily;
  /** The rate the bytes were received at. */
  baud: number;
  /** For --baud auto: every rate tried and how its sample scored. */
  probes?: Array<{ baud: number; readability: Readability }>;
}

interface Boot {
  atMs: number;
  lines: number;
  /** The latest boot stage this boot has reached (BOOT_MARKER_RANK). */
  stage: number;
  /** Lines since the last Wi-Fi start in this boot, or undefined when Wi-Fi was not started. */
  linesSinceWifi?: number;
  networkUp: boolean;
}

export interface Diagnosis {
  verdict: 'healthy' | 'fault' | 'unknown';
  baud: number;
  bytes: number;
  lines: number;
  readability: Readability;
  boots: number;
  bootCounter?: { first: number; last: number };
  /** The chip named by the bootloader or SDK banner, and the one the firmware was built for. */
  chipFromBootBanner?: ChipName;
  chipFromFirmware?: ChipName;
  findings: Finding[];
}

/** A boot marker this few lines after the previous one is the same boot printing it again. */
const MARKER_REPEAT_LINES = 2;
/** A reset this few lines after Wi-Fi starts counts as "reset right after Wi-Fi". */
const WIFI_RESET_LINES = 4;
const BOOT_LOOP_MIN_BOOTS = 3;
const HIGH_BOOT_COUNT = 1000;
/** Share of dots among visible characters above which the sample is the download port idle output. */
const DOTS_SHARE = 0.6;

export class BootLogAnalyzer {
  private readonly readability = new ReadabilityCounter();
  private readonly splitter = new LineSplitter();
  private lineCount = 0;
  /** Lines since the last boot marker, to tell a repeated marker (printed twice) from a new boot. */
  private linesSinceMarker = Number.POSITIVE_INFINITY;
  private readonly boots: Boot[] = [];
  private counters: number[] = [];
  private safeMode = false;
  /** Whether any line came from the application (banner, Wi-Fi, safe mode), not just the bootloader. */
  private firmwareSpoke = false;
  private chipFromBootBanner?: ChipName;
  private chipFromFirmware?: ChipName;

  constructor(private readonly context: AnalyzerContext) {}

  push(data: Uint8Array, atMs: number): void {
    this.readability.add(data);
    for (const line of this.splitter.push(data, atMs)) this.takeLine(line.text, line.atMs);
  }

  /** Takes the unfinished last line as complete (at the end of a session). */
  flush(): void {
    for (const line of this.splitter.flush()) this.takeLine(line.text, line.atMs);
  }

  private takeLine(line: string, atMs: number): void {
    if (!line.trim()) return;
    this.lineCount++;
    const meaning = classifyLine(line);
    if (meaning.bootCounter !== undefined) this.counters.push(meaning.bootCounter);
    this.trackBoots(meaning, atMs);
    this.noteChip(meaning);
    if ((meaning.kind !== 'boot-stage' && meaning.kind !== 'other') || meaning.firmwareChip) this.firmwareSpoke = true;
    if (meaning.kind === 'safe-mode') this.safeMode = true;
    const boot = this.boots.at(-1);
    if (!boot) return;
    boot.lines++;
    if (boot.linesSinceWifi !== undefined) boot.linesSinceWifi++;
    if (meaning.kind === 'wifi-start') boot.linesSinceWifi = 0;
    if (meaning.kind === 'network-up') boot.networkUp = true;
  }

  private trackBoots(meaning: LineMeaning, atMs: number): void {
    this.linesSinceMarker++;
    const rank = BOOT_MARKER_RANK[meaning.kind];
    if (rank === undefined) return;
    const boot = this.boots.at(-1);
    // A marker of a stage this boot already passed starts a new boot, unless it follows the previous
    // marker closely (the SDK prints two start-up lines; OpenBeken prints its start twice).
    const repeated = this.linesSinceMarker <= MARKER_REPEAT_LINES;
    if (!boot || (rank <= boot.stage && !repeated)) {
      this.boots.push({ atMs, lines: 0, stage: rank, networkUp: false });
    } else {
      boot.stage = Math.max(boot.stage, rank);
    }
    this.linesSinceMarker = 0;
  }

  private noteChip(meaning: LineMeaning): void {
    if (meaning.bootChip) this.chipFromBootBanner ??= meaning.bootChip;
    if (meaning.firmwareChip) this.chipFromFirmware ??= meaning.firmwareChip;
  }

  diagnose(): Diagnosis {
    const readability = this.readability.result();
    const findings = this.findings(readability);
    const verdict = findings.some((f) => f.severity === 'fault')
      ? 'fault'
      : this.lineCount && readability.score >= READABLE_SCORE
        ? 'healthy'
        : 'unknown';
    const diagnosis: Diagnosis = {
      verdict,
      baud: this.context.baud,
      bytes: readability.bytes,
      lines: this.lineCount,
      readability,
      boots: this.boots.length,
      findings,
    };
    if (this.counters.length) diagnosis.bootCounter = { first: this.counters[0]!, last: this.counters.at(-1)! };
    if (this.chipFromBootBanner) diagnosis.chipFromBootBanner = this.chipFromBootBanner;
    if (this.chipFromFirmware) diagnosis.chipFromFirmware = this.chipFromFirmware;
    return diagnosis;
  }

  private family(): ChipFamily | undefined {
    const chip = this.context.chip ?? this.chipFromBootBanner ?? this.chipFromFirmware;
    return chip ? familyOf(chip) : undefined;
  }

  private findings(readability: Readability): Finding[] {
    const signal = this.signalFindings(readability);
    if (signal.length) return signal;
    const findings: Finding[] = [];
    const mismatch = this.mismatch();
    if (mismatch) findings.push(familyMismatchFinding(mismatch));
    if (this.safeMode) findings.push(safeModeFinding());
    const wifiResets = this.wifiResets();
    const rising = this.counterRising();
    if (this.boots.length >= BOOT_LOOP_MIN_BOOTS || (rising && this.boots.length >= 2)) {
      findings.push(bootLoopFinding(this.boots.length, this.bootPeriodMs(), rising));
      if (wifiResets >= 2 && wifiResets >= this.boots.length - 1) findings.push(wifiResetFinding(wifiResets));
    }
    const highest = Math.max(...this.counters);
    if (highest >= HIGH_BOOT_COUNT) findings.push(bootCounterFinding(highest));
    return findings;
  }

  /** Faults of the signal itself (nothing, noise, dots): when present, the content cannot be judged. */
  private signalFindings(readability: Readability): Finding[] {
    const family = this.family();
    const { baud, probes } = this.context;
    if (probes && probes.length > 1 && probes.every((p) => p.readability.score < READABLE_SCORE)) {
      const noisy = probes.filter((p) => p.readability.bytes >= MIN_SAMPLE_BYTES);
      if (!noisy.length) return [silentFinding(baud, family)];
      return [garbageFinding(probes.map((p) => p.baud))];
    }
    if (readability.bytes < MIN_SAMPLE_BYTES) {
      if (family === 'bouffalo' && baud < 2000000) return [wrongBaudFinding(baud, family, true)];
      return [silentFinding(baud, family)];
    }
    if (readability.score < READABLE_SCORE) {
      return [family === 'bouffalo' && baud < 2000000 ? wrongBaudFinding(baud, family, false) : garbageFinding([baud])];
    }
    if (readability.dots >= DOTS_SHARE) return [wrongUartFinding(family, 'dots')];
    if (!this.firmwareSpoke && this.chipFromBootBanner && family === 'beken') {
      return [wrongUartFinding(family, 'bootloader messages')];
    }
    return [];
  }

  private mismatch(): string | undefined {
    const said = this.context.chip;
    const boot = this.chipFromBootBanner;
    const firmware = this.chipFromFirmware;
    if (boot && firmware && boot !== firmware) {
      return `the bootloader names ${boot.toUpperCase()} but the firmware was built for ${firmware.toUpperCase()}`;
    }
    const seen = boot ?? firmware;
    if (said && seen) {
      const differs = said === 'beken' || said === 'bouffalo' ? familyOf(seen) !== said : seen !== said;
      if (differs) return `--chip says ${said.toUpperCase()} but the log names ${seen.toUpperCase()}`;
    }
    return undefined;
  }

  private counterRising(): boolean {
    const values = this.counters;
    return values.length >= 2 && values.every((value, i) => i === 0 || value > values[i - 1]!);
  }

  private bootPeriodMs(): number | undefined {
    if (this.boots.length < 2) return undefined;
    return (this.boots.at(-1)!.atMs - this.boots[0]!.atMs) / (this.boots.length - 1);
  }

  /** Boots that ended (a next boot began) a few lines after starting Wi-Fi, without getting an address. */
  private wifiResets(): number {
    let count = 0;
    for (const boot of this.boots.slice(0, -1)) {
      if (boot.linesSinceWifi !== undefined && boot.linesSinceWifi <= WIFI_RESET_LINES && !boot.networkUp) count++;
    }
    return count;
  }
}

/** Analyses a whole captured log at once. */
export function diagnoseBootLog(data: Uint8Array, context: AnalyzerContext): Diagnosis {
  const analyzer = new BootLogAnalyzer(context);
  analyzer.push(data, 0);
  analyzer.flush();
  return analyzer.diagnose();
}
