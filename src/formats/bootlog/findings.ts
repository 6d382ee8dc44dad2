/**
 * The catalogue of what a boot log can reveal, each with its likely causes, the next step, and the lines
 * that show it. Advice that several findings share (the power supply) is one sentence, written once.
 */
import type { ChipFamily } from './log-ports.js';

export type FindingCode =
  | 'family-mismatch'
  | 'crash'
  | 'watchdog'
  | 'brown-out'
  | 'safe-mode'
  | 'boot-loop'
  | 'failed-boots'
  | 'boot-counter-high'
  | 'wifi-reset'
  | 'wrong-uart'
  | 'wrong-baud'
  | 'garbage'
  | 'silent';

export type Severity = 'fault' | 'warning' | 'info';

/** A log line that shows a finding: its number in the log, its time when known, its text. */
export interface Evidence {
  line: number;
  atMs?: number;
  text: string;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One sentence: what was seen. */
  summary: string;
  likelyCauses: string[];
  nextStep: string;
  evidence: Evidence[];
}

/** Restarts seen, for the finding that explains them. */
export interface LoopFacts {
  boots: number;
  periodMs?: number;
  counterRising: boolean;
}

export const POWER_SUPPLY_ADVICE =
  "Power the board from a separate 3.3 V supply that gives at least 500 mA, with a capacitor of 100 µF or more near the module, instead of the USB-serial adapter's 3.3 V pin; keep the adapter's GND connected to the board's GND.";

export function formatBaud(baud: number): string {
  return baud.toLocaleString('en-US');
}

export function loopText(loop: LoopFacts | undefined): string {
  if (!loop || loop.boots < 2) return '';
  const every = loop.periodMs === undefined ? undefined : loop.periodMs < 1000 ? `${Math.round(loop.periodMs)} ms` : `${(loop.periodMs / 1000).toFixed(1)} s`;
  const period = every === undefined ? '' : `, one every ${every}`;
  const counter = loop.counterRising ? ', and the boot counter rises' : '';
  return ` The device restarts: ${loop.boots} boots seen${period}${counter}.`;
}

export interface CrashFacts {
  cpu: 'arm' | 'riscv';
  exception?: string;
  registers: Record<string, string>;
  /** Crashes of the same kind seen in the log. */
  count: number;
  /** Known only from the reset reason the next boot reports (no dump in the log). */
  fromResetReason?: string;
}

const RISCV_CAUSES: Record<number, string> = {
  0: 'Instruction address misaligned', 1: 'Instruction access fault', 2: 'Illegal instruction', 3: 'Breakpoint',
  4: 'Load address misaligned', 5: 'Load access fault', 6: 'Store/AMO address misaligned', 7: 'Store/AMO access fault',
  11: 'Environment call from M-mode',
};

function hex(value: string | undefined): string | undefined {
  return value === undefined ? undefined : `0x${value}`;
}

/** Where the crash happened, in the CPU's own terms. */
export function crashPlace(crash: CrashFacts): { exception: string; where: string; address?: string } {
  const r = crash.registers;
  if (crash.cpu === 'riscv') {
    const code = r.mcause === undefined ? undefined : parseInt(r.mcause, 16) & 0x3ff;
    const exception = crash.exception ?? (code !== undefined ? RISCV_CAUSES[code] ?? `exception code ${code}` : 'a CPU exception');
    const parts = [r.mepc && `at mepc ${hex(r.mepc)}`, r.mtval && `faulting address (mtval) ${hex(r.mtval)}`, r.mcause && `mcause ${hex(r.mcause)}`].filter(Boolean);
    return { exception, where: parts.join(', '), address: hex(r.mepc) };
  }
  const parts = [r.pc && `at pc ${hex(r.pc)}`, r.lr && `called from lr ${hex(r.lr)}`].filter(Boolean);
  return { exception: crash.exception ?? 'a CPU exception', where: parts.join(', '), address: hex(r.pc) };
}

export function crashFinding(crash: CrashFacts, loop: LoopFacts | undefined, evidence: Evidence[]): Finding {
  const cpu = crash.cpu === 'arm' ? 'ARM' : 'RISC-V';
  const { exception, where, address } = crashPlace(crash);
  const times = crash.count > 1 ? ` (${crash.count} times)` : '';
  const summary = crash.fromResetReason
    ? `The previous run crashed: this boot reports the reset reason "${crash.fromResetReason}".${loopText(loop)}`
    : `The firmware crashed${times}: ${cpu} ${exception}${where ? ` ${where}` : ''}.${loopText(loop)}`;
  const lookup = address
    ? ` Look ${address} up in the firmware's map or ELF file (e.g. addr2line -e firmware.elf ${address}) to name the function.`
    : '';
  return {
    code: 'crash',
    severity: 'fault',
    summary,
    likelyCauses: [
      'a bug in the firmware or in a driver or script it runs',
      'a configuration that drives the firmware into the fault (a pin role, a driver for hardware the board lacks)',
      'firmware built for another chip or flash layout',
    ],
    nextStep: `Undo the last configuration change or flash the firmware's previous stable release, and report the crash with this log to the firmware's issue tracker.${lookup}`,
    evidence,
  };
}

export function watchdogFinding(detail: string, loop: LoopFacts | undefined, evidence: Evidence[]): Finding {
  return {
    code: 'watchdog',
    severity: 'fault',
    summary: `The firmware stopped responding and the watchdog reset it (${detail}).${loopText(loop)}`,
    likelyCauses: [
      'a task stuck in a loop or waiting forever (a driver, a script, a blocked flash write)',
      'a supply that dips when Wi-Fi transmits, stalling the chip',
    ],
    nextStep: 'Read the lines just before the reset to see which step hangs; disable the last driver or script added, and update to the current firmware release.',
    evidence,
  };
}

export function brownOutFinding(how: { resets: number } | { reason: string }, loop: LoopFacts | undefined, evidence: Evidence[]): Finding {
  const summary =
    'reason' in how
      ? `The chip reset because its supply voltage dropped (reset reason "${how.reason}").${loopText(loop)}`
      : `The device restarts right after starting Wi-Fi, without getting an address (${how.resets} times): its supply collapses under the transmit current.${loopText(loop)}`;
  return {
    code: 'brown-out',
    severity: 'fault',
    summary,
    likelyCauses: [
      'a supply too weak for the Wi-Fi transmit peaks (a few hundred mA)',
      "the USB-serial adapter's 3.3 V pin powering the board",
      'long thin wires or a missing capacitor near the module',
    ],
    nextStep: POWER_SUPPLY_ADVICE,
    evidence,
  };
}

export function familyMismatchFinding(detail: string, loop: LoopFacts | undefined, evidence: Evidence[]): Finding {
  return {
    code: 'family-mismatch',
    severity: 'fault',
    summary: `The log shows a chip mismatch: ${detail}.${loopText(loop)}`,
    likelyCauses: ['firmware built for another chip was flashed', 'the board was identified as the wrong chip'],
    nextStep: 'Flash the build for the chip the bootloader names: a BL602 board cannot run BK7231 firmware, and BK7231T and BK7231N builds are not interchangeable.',
    evidence,
  };
}

export function safeModeFinding(firmware: string | undefined, failedBoots: number | undefined, loop: LoopFacts | undefined, evidence: Evidence[]): Finding {
  const after = failedBoots ? ` after ${failedBoots} failed boots` : ' after repeated failed boots';
  const esphome = firmware === 'esphome';
  return {
    code: 'safe-mode',
    severity: 'fault',
    summary: `${esphome ? 'ESPHome' : firmware === 'openbeken' ? 'OpenBeken' : 'The firmware'} is in safe mode${after}: ${
      esphome ? 'only Wi-Fi and OTA updates run' : 'pins and drivers are not started'
    }.${loopText(loop)}`,
    likelyCauses: [
      'a configuration, script or driver that crashes the firmware at start-up',
      'restarts from an unstable power supply counted as failed boots',
    ],
    nextStep: esphome
      ? 'Upload a corrected configuration over the air now (safe mode waits for it), or flash a known good build over serial.'
      : "Open the device's web page (or its access point) in safe mode and remove the last change to pins, drivers or the start-up script; then restart it.",
    evidence,
  };
}

export function bootLoopFinding(loop: LoopFacts, evidence: Evidence[]): Finding {
  return {
    code: 'boot-loop',
    severity: 'fault',
    summary: `The device is in a boot loop:${loopText(loop).replace(' The device restarts:', '')}`,
    likelyCauses: [
      'firmware built for another chip or image type (e.g. a BK7231T build on a BK7231N)',
      'a damaged or partly written application image',
      'a configuration that crashes the firmware at start-up',
      'a weak power supply',
    ],
    nextStep: `Read the last lines before each restart (they name the failing step) and re-flash the image built for this exact chip. ${POWER_SUPPLY_ADVICE}`,
    evidence,
  };
}

export function failedBootsFinding(count: number, evidence: Evidence[]): Finding {
  return {
    code: 'failed-boots',
    severity: 'warning',
    summary: `The firmware counts ${count} failed boots in a row: earlier starts did not complete.`,
    likelyCauses: ['an earlier or ongoing boot loop', 'power cut while starting'],
    nextStep: 'Watch a few minutes of log for restarts; if they recur, read the lines before each one.',
    evidence,
  };
}

export function bootCounterFinding(value: number, evidence: Evidence[]): Finding {
  return {
    code: 'boot-counter-high',
    severity: 'warning',
    summary: `The firmware reports a boot count of ${value}: it has restarted many times.`,
    likelyCauses: ['an earlier or ongoing boot loop', 'unstable power'],
    nextStep: 'Watch a few minutes of log for restarts; if they recur, treat it as a boot loop.',
    evidence,
  };
}

export function wifiResetFinding(paired: boolean | undefined, evidence: Evidence[]): Finding {
  return {
    code: 'wifi-reset',
    severity: 'info',
    summary: `The Tuya firmware reset its Wi-Fi parameters to factory state and waits to be paired${paired === false ? ' (not bound to any account)' : ''}.`,
    likelyCauses: ['the device was never paired, or was reset with the button or power-cycle sequence', 'its stored Wi-Fi and device data are missing'],
    nextStep: 'Nothing is broken: pair it in the vendor app, or back up the flash (fwkit flash read) before putting OpenBeken or ESPHome on it.',
    evidence,
  };
}

export function wrongUartFinding(family: ChipFamily | undefined, what: string): Finding {
  const beken = family !== 'bouffalo';
  return {
    code: 'wrong-uart',
    severity: 'fault',
    summary: `Only ${what} arrive: this is the download port, not the log.`,
    likelyCauses: ['Beken chips flash on UART1 (TX1) but the firmware logs on UART2'],
    nextStep: beken
      ? "Move the adapter's RX wire to the chip's TX2 pin (P0) and run the monitor again at 115200 baud."
      : "Check the wiring of the adapter's RX to the chip's TX and try --baud auto.",
    evidence: [],
  };
}

/** Who is probably sending, and at which rate it logs. */
export interface LogSender {
  /** The chip or family, as the user would name it ("BL602", "a Bouffalo chip (BL602, BL702 or BL616/BL618)", "a Beken chip"). */
  name: string;
  baud: number;
  /** Known from --chip or the log; otherwise guessed from the kind of noise. */
  known: boolean;
  /** Which way the rates differ, for a guess: the device sends faster or slower than the listener. */
  faster?: boolean;
}

export function wrongBaudFinding(baud: number | undefined, sender: LogSender, quiet: boolean): Finding {
  const at = baud === undefined ? 'in this capture' : `at ${formatBaud(baud)} baud`;
  const seen = quiet ? `Almost nothing arrives ${at}` : `Only unreadable bytes arrive ${at}`;
  const who = sender.known
    ? `this is ${sender.name}: its log runs at ${formatBaud(sender.baud)} baud`
    : `they look like a device sending ${sender.faster ? 'faster' : 'slower'} than the listener - probably ${sender.name}, whose log runs at ${formatBaud(sender.baud)} baud`;
  return {
    code: 'wrong-baud',
    severity: 'fault',
    summary: `${seen}: ${who}.`,
    likelyCauses: ['the monitor listens at another rate than the firmware sends'],
    nextStep: `Run the monitor again with --baud ${sender.baud} (or --baud auto); if no rate reads, check GND and the adapter's 3.3 V logic level.`,
    evidence: [],
  };
}

export function garbageFinding(rates: number[]): Finding {
  const where = rates.length > 1 ? `at every rate tried (${rates.join(', ')})` : rates.length ? `at ${rates[0]} baud` : 'in this capture';
  return {
    code: 'garbage',
    severity: 'fault',
    summary: `Only unreadable bytes arrive ${where}.`,
    likelyCauses: [
      'a baud rate outside those tried',
      'a 5 V adapter or wrong logic level',
      'no common ground between the adapter and the board',
      'a loose RX wire picking up noise',
    ],
    nextStep: "Use a 3.3 V adapter, connect GND to the board's GND, check the RX wire, then try --baud auto again.",
    evidence: [],
  };
}

export function silentFinding(baud: number | undefined, family: ChipFamily | undefined): Finding {
  return {
    code: 'silent',
    severity: 'fault',
    summary: baud === undefined ? 'The capture is (almost) empty.' : `Nothing arrived at ${formatBaud(baud)} baud.`,
    likelyCauses: [
      "the adapter's RX is not on the chip's log TX pin (or TX and RX are swapped)",
      'the board is not powered or the chip does not start',
      ...(family === 'bouffalo' ? ['a Bouffalo chip held in download mode (BOOT pin high at reset)'] : []),
    ],
    nextStep: 'Check power and wiring (adapter RX to chip TX, common GND), reset the board while the monitor runs, and try --baud auto.',
    evidence: [],
  };
}

