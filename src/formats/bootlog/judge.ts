/**
 * From what the log showed to findings, ranked: faults of the signal first (a log that cannot be read
 * is not judged), then the most specific cause (chip mismatch, crash, watchdog, brown-out, safe mode),
 * and a generic boot loop only when nothing specific explains the restarts. The label names the
 * device's state the way an expert would: healthy, boot-loop, safe-mode, crash, wifi-reset or unknown.
 */
import {
  bootCounterFinding,
  bootLoopFinding,
  brownOutFinding,
  crashFinding,
  failedBootsFinding,
  familyMismatchFinding,
  garbageFinding,
  safeModeFinding,
  silentFinding,
  watchdogFinding,
  wifiResetFinding,
  wrongBaudFinding,
  wrongUartFinding,
  type Evidence,
  type Finding,
  type LogSender,
  type LoopFacts,
} from './findings.js';
import { familyOf, logPortFor, type ChipFamily, type ChipName } from './log-ports.js';
import type { LogState } from './log-state.js';
import type { ResetCause } from './patterns.js';
import { MIN_SAMPLE_BYTES, READABLE_SCORE, type Readability } from './readability.js';

export type Label = 'healthy' | 'boot-loop' | 'safe-mode' | 'crash' | 'wifi-reset' | 'unknown';

export interface JudgeContext {
  chip?: ChipName | ChipFamily;
  /** The rate the bytes were received at, when known. */
  baud?: number;
  probes?: Array<{ baud: number; readability: Readability }>;
}

const BOOT_LOOP_MIN_BOOTS = 3;
const HIGH_BOOT_COUNT = 1000;
/** A reset this few lines after Wi-Fi starts counts as "reset right after Wi-Fi" (the driver prints a few lines first). */
const WIFI_RESET_LINES = 8;
/** Share of dots among visible characters above which the sample is the download port's idle output. */
const DOTS_SHARE = 0.6;
/** Share of stretched bytes among the noise that marks a device slower than the listener. */
const SLOW_SENDER_SHARE = 0.6;
const BOUFFALO_LOG_BAUD = 2000000;
const BEKEN_LOG_BAUD = 115200;

/**
 * Chips that run each other's builds: a BK7231M runs BK7231N firmware, a BK7231U runs BK7231T firmware,
 * a BL618 (the BL616 die in a larger package) runs BL616 firmware.
 */
const SAME_BUILD: Partial<Record<ChipName, ChipName>> = { bk7231m: 'bk7231n', bk7231u: 'bk7231t', bl618: 'bl616' };
const buildOf = (chip: ChipName) => SAME_BUILD[chip] ?? chip;

export function chipOf(state: LogState, context: JudgeContext): ChipName | ChipFamily | undefined {
  return context.chip ?? state.chipFromBootBanner?.chip ?? state.chipFromFirmware?.chip;
}

function senderOf(chip: ChipName | ChipFamily): LogSender {
  const name = chip === 'beken' ? 'a Beken chip' : chip === 'bouffalo' ? 'a Bouffalo chip' : `a ${chip.toUpperCase()}`;
  return { name, baud: logPortFor(chip).baud, known: true };
}

/**
 * Who probably sent noise, from its kind: a device slower than the listener leaves stretched bytes
 * (Beken logs at 115200, the slowest common log rate); noise below 2,000,000 baud is most likely a
 * Bouffalo chip, the one family that logs faster.
 */
function guessSender(readability: Readability, baud: number | undefined): LogSender | undefined {
  if (readability.slowSender >= SLOW_SENDER_SHARE && (baud === undefined || baud > BEKEN_LOG_BAUD)) {
    return { name: 'a Beken chip', baud: BEKEN_LOG_BAUD, known: false, faster: false };
  }
  if (baud === undefined || baud < BOUFFALO_LOG_BAUD) return { name: 'a Bouffalo chip (BL602, BL702 or BL616/BL618)', baud: BOUFFALO_LOG_BAUD, known: false, faster: true };
  return undefined;
}

/** Faults of the signal itself (nothing, noise, dots): when present, the content cannot be judged. */
export function signalFindings(state: LogState, context: JudgeContext, readability: Readability): Finding[] {
  const chip = chipOf(state, context);
  const family = chip ? familyOf(chip) : undefined;
  const { baud, probes } = context;
  if (probes && probes.length > 1 && probes.every((p) => p.readability.score < READABLE_SCORE)) {
    const noisy = probes.filter((p) => p.readability.bytes >= MIN_SAMPLE_BYTES);
    if (!noisy.length) return [silentFinding(baud, family)];
    // Noise only at rates other than the sender's (its boot went by while another rate was tried).
    const sender = chip ? senderOf(chip) : guessSender(noisy[0]!.readability, noisy[0]!.baud);
    if (sender && !noisy.some((p) => p.baud === sender.baud)) return [wrongBaudFinding(noisy[0]!.baud, sender, false)];
    return [garbageFinding(probes.map((p) => p.baud))];
  }
  if (readability.bytes < MIN_SAMPLE_BYTES) {
    if (chip && baud !== undefined && baud !== logPortFor(chip).baud && familyOf(chip) === 'bouffalo') {
      return [wrongBaudFinding(baud, senderOf(chip), true)];
    }
    return [silentFinding(baud, family)];
  }
  if (readability.score < READABLE_SCORE) {
    if (chip) {
      const sender = senderOf(chip);
      return [baud !== sender.baud ? wrongBaudFinding(baud, sender, false) : garbageFinding(baud === undefined ? [] : [baud])];
    }
    const sender = guessSender(readability, baud);
    return [sender ? wrongBaudFinding(baud, sender, false) : garbageFinding(baud === undefined ? [] : [baud])];
  }
  if (readability.dots >= DOTS_SHARE) return [wrongUartFinding(family, 'dots')];
  // Only the bootloader, once: the download port. A banner that repeats is a chip restarting: a boot loop.
  if (!state.appLines && state.chipFromBootBanner && family === 'beken' && state.boots.length < 2) return [wrongUartFinding(family, 'bootloader messages')];
  return [];
}

function mismatch(state: LogState, context: JudgeContext): { detail: string; evidence: Evidence[] } | undefined {
  const said = context.chip;
  const boot = state.chipFromBootBanner;
  const firmware = state.chipFromFirmware;
  if (boot && firmware && buildOf(boot.chip) !== buildOf(firmware.chip)) {
    return {
      detail: `the bootloader names ${boot.chip.toUpperCase()} but the firmware was built for ${firmware.chip.toUpperCase()}`,
      evidence: [boot.evidence, firmware.evidence],
    };
  }
  const seen = boot ?? firmware;
  if (said && seen) {
    const differs = said === 'beken' || said === 'bouffalo' ? familyOf(seen.chip) !== said : buildOf(seen.chip) !== buildOf(said);
    if (differs) return { detail: `--chip says ${said.toUpperCase()} but the log names ${seen.chip.toUpperCase()}`, evidence: [seen.evidence] };
  }
  return undefined;
}

function loopFacts(state: LogState): LoopFacts {
  const boots = state.boots;
  const values = state.counters.map((c) => c.value);
  const counterRising = values.length >= 2 && values.every((value, i) => i === 0 || value > values[i - 1]!);
  const first = boots[0]?.atMs;
  const last = boots.at(-1)?.atMs;
  const periodMs = boots.length >= 2 && first !== undefined && last !== undefined && last > first ? (last - first) / (boots.length - 1) : undefined;
  return periodMs === undefined ? { boots: boots.length, counterRising } : { boots: boots.length, periodMs, counterRising };
}

/** Three boots, or two with a rising counter when the first never got on the network (not one manual restart). */
function isLoop(loop: LoopFacts, state: LogState): boolean {
  return loop.boots >= BOOT_LOOP_MIN_BOOTS || (loop.counterRising && loop.boots >= 2 && !state.boots[0]!.networkUp);
}

/** Boots that ended (a next boot began) a few lines after starting Wi-Fi, without getting an address. */
function wifiResets(state: LogState): { count: number; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  let count = 0;
  state.boots.forEach((boot, i) => {
    const next = state.boots[i + 1];
    if (!next || boot.linesSinceWifi === undefined || boot.linesSinceWifi > WIFI_RESET_LINES || boot.networkUp) return;
    count++;
    if (evidence.length < 4 && boot.lastWifiLine) evidence.push(boot.lastWifiLine, next.evidence);
  });
  return { count, evidence };
}

/** Every report of one reset cause (a boot often says it twice: the SDK and the firmware), details joined. */
function resetsOf(state: LogState, cause: ResetCause): { detail: string; evidence: Evidence[] } | undefined {
  const records = state.resets.filter((r) => r.cause === cause);
  if (!records.length) return undefined;
  const details = [...new Set(records.map((r) => r.detail))];
  return { detail: details.join(', '), evidence: records.slice(0, 4).map((r) => r.evidence) };
}

function bootEvidence(state: LogState): Evidence[] {
  return state.boots.slice(0, 4).map((boot) => boot.evidence);
}

/** The specific causes the log shows, most specific first. */
function causeFindings(state: LogState, context: JudgeContext, loop: LoopFacts | undefined): Finding[] {
  const findings: Finding[] = [];
  const wrongChip = mismatch(state, context);
  if (wrongChip) findings.push(familyMismatchFinding(wrongChip.detail, loop, wrongChip.evidence));
  const dumps = state.crashes;
  const crashReset = state.resets.find((r) => r.cause === 'crash');
  if (dumps.length) {
    const best = dumps.find((d) => d.exception && Object.keys(d.registers).length) ?? dumps[0]!;
    findings.push(crashFinding({ cpu: best.cpu, exception: best.exception, registers: best.registers, count: dumps.length }, loop, best.evidence));
  } else if (crashReset) {
    const cpu = familyOf(chipOf(state, context) ?? 'beken') === 'beken' ? 'arm' : 'riscv';
    findings.push(crashFinding({ cpu, registers: {}, count: 1, fromResetReason: crashReset.detail }, loop, [crashReset.evidence]));
  }
  const watchdog = resetsOf(state, 'watchdog');
  if (watchdog && !findings.some((f) => f.code === 'crash')) findings.push(watchdogFinding(watchdog.detail, loop, watchdog.evidence));
  const brownOut = resetsOf(state, 'brown-out');
  const resets = wifiResets(state);
  if (brownOut) findings.push(brownOutFinding({ reason: brownOut.detail }, loop, brownOut.evidence));
  else if (!dumps.length && resets.count >= 2 && resets.count >= state.boots.length - 1) findings.push(brownOutFinding({ resets: resets.count }, loop, resets.evidence));
  if (state.safeMode.length) {
    const failed = state.failedBoots?.value;
    const evidence = state.failedBoots && !state.safeMode.includes(state.failedBoots.evidence) ? [state.failedBoots.evidence, ...state.safeMode] : state.safeMode;
    findings.push(safeModeFinding(state.firmware.family, failed, findings.length ? undefined : loop, evidence.slice(0, 4)));
  }
  return findings;
}

export function contentFindings(state: LogState, context: JudgeContext): Finding[] {
  const facts = loopFacts(state);
  const loop = isLoop(facts, state) ? facts : undefined;
  const findings = causeFindings(state, context, loop);
  if (loop && !findings.length) findings.push(bootLoopFinding(loop, bootEvidence(state)));
  if (!findings.some((f) => f.severity === 'fault')) {
    const failed = state.failedBoots;
    if (failed && failed.value >= 2) findings.push(failedBootsFinding(failed.value, [failed.evidence]));
    const highest = state.counters.reduce((top, c) => (c.value > (top?.value ?? -1) ? c : top), undefined as (typeof state.counters)[number] | undefined);
    if (highest && highest.value >= HIGH_BOOT_COUNT) findings.push(bootCounterFinding(highest.value, [highest.evidence]));
  }
  if (state.wifiFactoryReset.length) findings.push(wifiResetFinding(state.firmware.paired, state.wifiFactoryReset));
  return findings;
}

export function labelOf(findings: Finding[], state: LogState, readable: boolean): Label {
  const codes = new Set(findings.map((f) => f.code));
  if (['silent', 'garbage', 'wrong-baud', 'wrong-uart'].some((code) => codes.has(code as Finding['code']))) return 'unknown';
  if (codes.has('safe-mode')) return 'safe-mode';
  if (codes.has('crash') || (codes.has('watchdog') && state.boots.length < BOOT_LOOP_MIN_BOOTS)) return 'crash';
  if (findings.some((f) => f.severity === 'fault')) return state.boots.length >= 2 ? 'boot-loop' : 'unknown';
  if (codes.has('wifi-reset')) return 'wifi-reset';
  return readable && state.lines ? 'healthy' : 'unknown';
}
