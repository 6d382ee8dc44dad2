/**
 * What the analyzer has learnt from the lines so far: boots, crashes, reset reasons, counters, safe
 * mode, the firmware and the chips named. Each fact keeps the lines that show it (with their times).
 */
import type { Evidence } from './findings.js';
import type { FirmwareFacts } from './firmware-lines.js';
import type { ChipName } from './log-ports.js';
import { BOOT_MARKER_RANK, type CrashLine, type LineMeaning, type ResetCause } from './patterns.js';

export interface Boot {
  atMs?: number;
  evidence: Evidence;
  lines: number;
  /** The latest boot stage this boot has reached (BOOT_MARKER_RANK). */
  stage: number;
  /** Lines since the last Wi-Fi start in this boot, or undefined when Wi-Fi was not started. */
  linesSinceWifi?: number;
  lastWifiLine?: Evidence;
  networkUp: boolean;
}

export interface CrashRecord {
  cpu: 'arm' | 'riscv';
  exception?: string;
  registers: Record<string, string>;
  startLine: number;
  evidence: Evidence[];
}

export interface ResetRecord {
  cause: ResetCause;
  detail: string;
  evidence: Evidence;
}

/** A marker this few lines after the previous one is the same boot printing it again. */
const MARKER_REPEAT_LINES = 2;
/** Lines of a crash dump that still belong to the dump that opened it. */
const DUMP_LINES = 40;
const MAX_EVIDENCE = 4;

export class LogState {
  lines = 0;
  /** Lines the application printed (not the bootloader's own, not dots). */
  appLines = 0;
  readonly boots: Boot[] = [];
  readonly counters: Array<{ value: number; evidence: Evidence }> = [];
  failedBoots?: { value: number; evidence: Evidence };
  readonly safeMode: Evidence[] = [];
  readonly crashes: CrashRecord[] = [];
  readonly resets: ResetRecord[] = [];
  readonly firmware: FirmwareFacts = {};
  readonly wifiFactoryReset: Evidence[] = [];
  readonly firmwareEvidence: Evidence[] = [];
  chipFromBootBanner?: { chip: ChipName; evidence: Evidence };
  chipFromFirmware?: { chip: ChipName; evidence: Evidence };
  private linesSinceMarker = Number.POSITIVE_INFINITY;

  take(meaning: LineMeaning, evidence: Evidence): void {
    this.lines++;
    if (meaning.kind !== 'bootloader' && meaning.kind !== 'boot-stage' && /[A-Za-z]{3}/.test(evidence.text)) this.appLines++;
    if (meaning.bootCounter !== undefined) this.counters.push({ value: meaning.bootCounter, evidence });
    if (meaning.failedBoots !== undefined) this.failedBoots = { value: meaning.failedBoots, evidence };
    if (meaning.kind === 'safe-mode') this.keep(this.safeMode, evidence);
    if (meaning.resetCause) this.resets.push({ ...meaning.resetCause, evidence });
    if (meaning.crash) this.takeCrash(meaning.crash, evidence);
    if (meaning.halted) this.crashes.at(-1)?.evidence.push(evidence);
    this.trackBoots(meaning, evidence);
    if (meaning.bootChip) this.chipFromBootBanner ??= { chip: meaning.bootChip, evidence };
    if (meaning.firmware) this.takeFirmware(meaning.firmware, evidence);
    const boot = this.boots.at(-1);
    if (!boot) return;
    boot.lines++;
    if (boot.linesSinceWifi !== undefined) boot.linesSinceWifi++;
    if (meaning.kind === 'wifi-start') {
      boot.linesSinceWifi = 0;
      boot.lastWifiLine = evidence;
    }
    if (meaning.kind === 'network-up') boot.networkUp = true;
  }

  private keep(list: Evidence[], evidence: Evidence): void {
    if (list.length < MAX_EVIDENCE) list.push(evidence);
  }

  private trackBoots(meaning: LineMeaning, evidence: Evidence): void {
    this.linesSinceMarker++;
    const rank = BOOT_MARKER_RANK[meaning.kind];
    if (rank === undefined) return;
    const boot = this.boots.at(-1);
    // A marker of a stage this boot already passed starts a new boot, unless it follows the previous
    // marker closely (the SDK prints two start-up lines; OpenBeken prints its start twice).
    const repeated = this.linesSinceMarker <= MARKER_REPEAT_LINES;
    if (!boot || (rank <= boot.stage && !repeated)) {
      this.boots.push({ atMs: evidence.atMs, evidence, lines: 0, stage: rank, networkUp: false });
    } else {
      boot.stage = Math.max(boot.stage, rank);
    }
    this.linesSinceMarker = 0;
  }

  private takeCrash(line: CrashLine, evidence: Evidence): void {
    const open = this.crashes.at(-1);
    const joins = open && open.cpu === line.cpu && evidence.line - open.startLine <= DUMP_LINES && !(line.opens && open.exception && line.exception);
    if (line.opens || !joins) {
      this.crashes.push({ cpu: line.cpu, exception: line.exception, registers: { ...line.registers }, startLine: evidence.line, evidence: [evidence] });
      return;
    }
    open.exception ??= line.exception;
    for (const [name, value] of Object.entries(line.registers ?? {})) open.registers[name] ??= value;
    if (open.evidence.length < MAX_EVIDENCE) open.evidence.push(evidence);
  }

  private takeFirmware(facts: FirmwareFacts, evidence: Evidence): void {
    const known = this.firmware;
    const before = JSON.stringify(known);
    // ESPHome runs on LibreTiny, OpenBeken on the vendor SDKs: the application wins over what it runs on.
    if (facts.family && (!known.family || known.family === 'libretiny' || known.family === 'bouffalo-sdk' || (known.family === 'tuya' && facts.family === 'openbeken'))) {
      known.family = facts.family;
    }
    known.name ??= facts.name;
    known.version ??= facts.version;
    known.sdk ??= facts.sdk;
    if (facts.paired !== undefined) known.paired = facts.paired;
    if (facts.chip) this.chipFromFirmware ??= { chip: facts.chip, evidence };
    if (facts.wifiFactoryReset) {
      known.wifiFactoryReset = true;
      this.keep(this.wifiFactoryReset, evidence);
    }
    for (const key of Object.keys(known) as Array<keyof FirmwareFacts>) if (known[key] === undefined) delete known[key];
    if (JSON.stringify(known) !== before && (facts.name || facts.version || facts.sdk || facts.paired !== undefined)) this.keep(this.firmwareEvidence, evidence);
  }
}
