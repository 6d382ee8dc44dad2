/**
 * What the lines of a boot log mean: the markers that open a boot (boot ROM, bootloader or SDK start-up,
 * then the firmware's own start), boot counters, safe mode, Wi-Fi start, reset reasons and the lines
 * of a crash dump of either CPU kind (ARM9 on Beken, RISC-V on Bouffalo).
 * Lines are matched anywhere, not anchored: two tasks printing into each other leave markers mid-line.
 */
import { chipFromName, firmwareFacts, type FirmwareFacts } from './firmware-lines.js';
import type { ChipName } from './log-ports.js';

export type LineKind =
  | 'boot-stage'
  | 'firmware-start'
  | 'bootloader'
  | 'safe-mode'
  | 'wifi-start'
  | 'network-up'
  | 'other';

export type ResetCause = 'power-on' | 'software' | 'watchdog' | 'crash' | 'brown-out' | 'deep-sleep' | 'external';

export interface CrashLine {
  cpu: 'arm' | 'riscv';
  /** The exception's name, when this line names it ("data abort", "Load access fault"). */
  exception?: string;
  /** Registers this line gives (pc, lr, sp, mcause, mepc, mtval), as hex without 0x. */
  registers?: Record<string, string>;
  /** Whether this line opens a dump (a later one of the same dump only adds to it). */
  opens: boolean;
}

export interface LineMeaning {
  kind: LineKind;
  /** The chip named by a first-stage banner (the silicon). */
  bootChip?: ChipName;
  /** A boot counter's value (OpenBeken counts every boot). */
  bootCounter?: number;
  /** Consecutive failed boots the firmware reports (OpenBeken boot failures, ESPHome boot attempts). */
  failedBoots?: number;
  resetCause?: { cause: ResetCause; detail: string };
  crash?: CrashLine;
  /** The CPU stopped after a dump and waits for the watchdog. */
  halted?: boolean;
  firmware?: FirmwareFacts;
}

/** Boot markers in the order a boot prints them; a marker of a stage already passed means a new boot. */
export const BOOT_MARKER_RANK: Partial<Record<LineKind, number>> = { 'boot-stage': 0, 'firmware-start': 1 };

/** First-stage banners: printed once per reset by the bootloader or the SDK start-up. */
const BOOT_STAGE = [
  /\bV:(BK72\d\d[A-Z]?)_\d/i, // Beken bootloader version line, e.g. V:BK7231N_1.0.1
  /\bBooting (BL6\d\d|BL7\d\d) Chip/i, // Bouffalo SDK start-up
  /\bStarting (bl6\d\d|bl7\d\d) now/i,
  /\bLibreTiny v\d+\.\d+\.\d+\S*,? on ()/i, // LibreTiny's start-up banner
];

/** The firmware's own start: OpenBeken's first init step, ESPHome's setup. */
const FIRMWARE_START = [/\bMain_Init_Before_Delay\b(?!\s+done)/, /\bRunning through setup\(\)/i];

/** The Beken bootloader's register and jump lines: not the application speaking. */
const BOOTLOADER_LINE = /^\s*(?:REG:|SVC:|IRQ:|FIR:|SYS:|ABT:|UND:|ST:[0-9a-f]{8}|J 0x[0-9a-f]+|V:BK72)/i;

const BOOT_COUNTER = /#{3,}\s*Boot Count\s+(\d{1,9})\b|\bboot[ _-]?(?:count|counter|cnt)\b\D{0,12}?(\d{1,9})/i;
const FAILED_BOOTS = [
  /\bboot failures\s*(\d{1,6})/i, // OpenBeken: safe mode activated - boot failures N
  /#{3,}\s*Failed Count\s+(\d{1,6})/i,
  /\bThere have been (\d{1,6}) suspected unsuccessful boot attempts/i, // ESPHome safe_mode
  /\bUnsuccessful boot attempts:?\s*(\d{1,6})/i,
];
const SAFE_MODE = [
  /\bsafe mode activated\b/i,
  /\[SAFE\]/,
  /\bProceeding to safe mode\b/i,
  /\bentering safe mode\b/i,
  /\bsafe mode (?:is )?(?:active|enabled|on)\b/i,
  /\brunning in safe mode\b/i,
];
const WIFI_START = [
  /\b(?:wi-?fi|wlan|sta)\b.{0,40}\b(?:start|starting|init|connect|connecting|scan)/i,
  /\bconnecting to (?:ssid|ap)\b/i,
  /\bWIFI_STA_CONNECTING\b/,
  /\[sa_sta\]MM_START_REQ|\[saap\]MM_START_REQ|\bSoft_AP_start\b|\bfast_connect\b/,
  /\bwpa_supplicant_scan\b|\bscan_start_req_handler\b/,
];
const NETWORK_UP = /\b(?:got ip|ip address|dhcp\W.{0,20}(?:bound|done|ok)|ip=\d+\.\d+\.\d+\.\d+|WIFI_STA_CONNECTED|sta_ip_start|IP:\s*\d+\.\d+\.\d+\.\d+)/i;

/** Beken: bk_misc_init_start_type <type> <register>; types from the SDK's RESET_SOURCE_STATUS. */
const BEKEN_START_TYPE = /\bbk_misc_init_start_type\s+([0-9a-f]+)\b/i;
const BEKEN_START_TYPES: Record<number, ResetCause> = {
  0: 'power-on', 1: 'software', 2: 'watchdog', 3: 'deep-sleep', 4: 'deep-sleep',
  5: 'crash', 6: 'crash', 7: 'crash', 8: 'crash', 9: 'crash', 0xc: 'crash',
};
const BEKEN_CRASH_NAMES: Record<number, string> = { 5: 'illegal jump', 6: 'undefined instruction', 7: 'prefetch abort', 8: 'data abort', 9: 'reserved exception', 0xc: 'illegal jump' };
/** Tuya: "Last reset reason: N", "reset info -> reason is N"; TY_RST_REASON_E. */
const TUYA_RESET = /\b(?:Last reset reason|reset info -> reason is|tuya_rst)\s*:?\s*(\d{1,3})\b/i;
const TUYA_RESET_CAUSES: Record<number, ResetCause> = {
  0: 'power-on', 1: 'watchdog', 2: 'crash', 3: 'watchdog', 4: 'software', 5: 'deep-sleep', 6: 'external',
};
/** A reset reason spelled out (LibreTiny, ESPHome and others). */
const NAMED_RESET = /\b(?:reset|reboot|restart)[ _]?(?:reason|cause)\b\s*(?:is|was)?\s*[:=]?\s*([A-Za-z][\w -]{1,40})/i;

const ARM_EXCEPTION = /(?:^|[^a-z])(undefined instruction|prefetch abort|data abort)(?![a-z])/i;
const ARM_REGS = /\b(pc|lr|sp)\s*:\s*(?:0x)?([0-9a-f]{8})\b/gi;
const RISCV_ENTRY = /\bException Entry-*>/i;
const RISCV_CSRS = /\b(mcause|mepc|mtval)\s*[:=]?\s*(?:0x)?([0-9a-f]{8})\b/gi;
const RISCV_MESSAGE = /\bmsg:\s*((?:Instruction|Load|Store(?:\/AMO)?)\s+(?:address misaligned|access fault|page fault)|Illegal instruction|Breakpoint|Environment call[\w -]*)/i;
const HALTED = /^\s*shutdown\.\.\.\s*$/;

function firstMatch(line: string, patterns: RegExp[]): RegExpExecArray | null {
  for (const pattern of patterns) {
    const match = pattern.exec(line);
    if (match) return match;
  }
  return null;
}

function kindOf(line: string): { kind: LineKind; bootChip?: ChipName } {
  const stage = firstMatch(line, BOOT_STAGE);
  if (stage) {
    const bootChip = stage[1] ? chipFromName(stage[1]) : undefined;
    return bootChip ? { kind: 'boot-stage', bootChip } : { kind: 'boot-stage' };
  }
  if (firstMatch(line, FIRMWARE_START)) return { kind: 'firmware-start' };
  if (BOOTLOADER_LINE.test(line)) return { kind: 'bootloader' };
  if (firstMatch(line, SAFE_MODE)) return { kind: 'safe-mode' };
  if (NETWORK_UP.test(line)) return { kind: 'network-up' };
  if (firstMatch(line, WIFI_START)) return { kind: 'wifi-start' };
  return { kind: 'other' };
}

function namedCause(text: string): ResetCause | undefined {
  if (/brown[ -]?out|\bBOR\b|under-?voltage|low voltage/i.test(text)) return 'brown-out';
  if (/\bwdt\b|watch ?dog/i.test(text)) return 'watchdog';
  if (/crash|exception|fault|panic|abort/i.test(text)) return 'crash';
  if (/power[ -]?on|\bPOR\b/i.test(text)) return 'power-on';
  if (/deep ?sleep|wake ?up/i.test(text)) return 'deep-sleep';
  if (/software|\bsw\b|reboot/i.test(text)) return 'software';
  if (/hardware|external|\bhw\b|pin/i.test(text)) return 'external';
  return undefined;
}

function resetCauseOf(line: string): LineMeaning['resetCause'] {
  let match = BEKEN_START_TYPE.exec(line);
  if (match) {
    const type = parseInt(match[1]!, 16);
    const cause = BEKEN_START_TYPES[type];
    if (cause) return { cause, detail: BEKEN_CRASH_NAMES[type] ?? `Beken start type ${type}` };
  }
  match = TUYA_RESET.exec(line);
  if (match) {
    const cause = TUYA_RESET_CAUSES[Number(match[1])];
    if (cause) return { cause, detail: `Tuya reset reason ${match[1]}` };
  }
  match = NAMED_RESET.exec(line);
  if (match) {
    const detail = match[1]!.trim();
    const cause = namedCause(detail);
    if (cause) return { cause, detail };
  }
  return undefined;
}

function registers(line: string, pattern: RegExp): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const match of line.matchAll(pattern)) found[match[1]!.toLowerCase()] = match[2]!.toLowerCase();
  return Object.keys(found).length ? found : undefined;
}

function crashOf(line: string): CrashLine | undefined {
  const arm = ARM_EXCEPTION.exec(line);
  // The bootloader's start-up register lines ("SVC:000000D3 ...") are no dump; a dump names its exception.
  if (arm && !/\bstart_type\b/i.test(line)) {
    const crash: CrashLine = { cpu: 'arm', exception: arm[1]!.toLowerCase(), opens: true };
    const at = /\bat (?:0x)?([0-9a-f]{8})\b/i.exec(line.slice(arm.index));
    if (at) crash.registers = { pc: at[1]!.toLowerCase() };
    return crash;
  }
  if (RISCV_ENTRY.test(line)) return { cpu: 'riscv', opens: true };
  const message = RISCV_MESSAGE.exec(line);
  if (message) return { cpu: 'riscv', exception: message[1]!, opens: false };
  const csrs = registers(line, RISCV_CSRS);
  if (csrs && (csrs.mcause || csrs.mepc)) return { cpu: 'riscv', registers: csrs, opens: false };
  const arm8 = registers(line, ARM_REGS);
  if (arm8?.pc) return { cpu: 'arm', registers: arm8, opens: false };
  return undefined;
}

export function classifyLine(line: string): LineMeaning {
  const { kind, bootChip } = kindOf(line);
  const meaning: LineMeaning = { kind };
  if (bootChip) meaning.bootChip = bootChip;
  const counter = BOOT_COUNTER.exec(line);
  if (counter) meaning.bootCounter = Number(counter[1] ?? counter[2]);
  const failed = firstMatch(line, FAILED_BOOTS);
  if (failed) meaning.failedBoots = Number(failed[1]);
  const reset = resetCauseOf(line);
  if (reset) meaning.resetCause = reset;
  const crash = crashOf(line);
  if (crash) meaning.crash = crash;
  if (HALTED.test(line)) meaning.halted = true;
  const firmware = firmwareFacts(line);
  if (firmware) meaning.firmware = firmware;
  return meaning;
}
