/**
 * How the adapter's DTR and RTS lines reset the chip: named sequences for the common wirings and a
 * short language for any other, in the spirit of esptool's custom reset sequences:
 *
 *   D0 / D1      DTR released / asserted          R0 / R1   RTS released / asserted
 *   U<d>,<r>     both at once, e.g. U1,1          W<s>      wait <s> seconds, e.g. W0.05
 *
 * steps separated by `|`, e.g. `D0|R1|W0.1|R0`. Line changes with no wait between them are sent in
 * one call (adapters such as the CH340 drop or reorder separate changes). "Asserted" drives the pin low
 * on most adapters, which is what pulls CEN/EN low (reset) or BOOT high through the usual transistor pair.
 */
import type { ModemSignals, Transport } from './transport.js';

export type ResetStep = { set: ModemSignals } | { waitMs: number };

/** A wiring: how to enter download mode and how to leave it (boot the firmware). */
interface Wiring {
  describe: string;
  enter: string;
  leave: string;
}

/** Sequences by name; `auto` picks the family's wiring. */
export const NAMED_RESETS: Record<string, Wiring> = {
  none: { describe: 'no line is moved: reset the device by hand (hold BOOT on Bouffalo boards)', enter: '', leave: '' },
  'beken-cen': { describe: 'Beken: DTR or RTS wired to CEN; both pulse low for 50 ms', enter: 'D1|R1|W0.05|D0|R0', leave: 'D1|R1|W0.05|D0|R0' },
  'bl-dtr-boot': {
    describe: 'Bouffalo: DTR drives BOOT (GPIO8/GPIO28), RTS drives EN; BOOT high while EN pulses',
    enter: 'D1|R1|W0.05|R0|W0.1|D0|W0.02',
    leave: 'D0|R1|W0.05|R0',
  },
  'bl-rts-boot': {
    describe: 'Bouffalo: RTS drives BOOT, DTR drives EN (the swapped wiring)',
    enter: 'D1|R1|W0.05|D0|W0.1|R0|W0.02',
    leave: 'R0|D1|W0.05|D0',
  },
};

/** The named sequence `auto` means per family. */
export const AUTO_RESET = { beken: 'beken-cen', bouffalo: 'bl-dtr-boot' } as const;

export class ResetSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResetSyntaxError';
  }
}

const LINE = /^([DR])([01])$/;
const BOTH = /^U([01]),([01])$/;
const WAIT = /^W(\d+(?:\.\d+)?)$/;

/** Parses the short language; consecutive line changes merge into one step. */
export function parseResetSequence(text: string): ResetStep[] {
  const steps: ResetStep[] = [];
  const trimmed = text.trim();
  if (!trimmed) return steps;
  for (const raw of trimmed.split('|')) {
    const token = raw.trim().toUpperCase();
    let set: ModemSignals | null = null;
    let match: RegExpExecArray | null;
    if ((match = LINE.exec(token))) set = match[1] === 'D' ? { dtr: match[2] === '1' } : { rts: match[2] === '1' };
    else if ((match = BOTH.exec(token))) set = { dtr: match[1] === '1', rts: match[2] === '1' };
    else if ((match = WAIT.exec(token))) {
      const seconds = Number(match[1]);
      if (seconds > 10) throw new ResetSyntaxError(`--reset: the wait ${raw.trim()} is longer than 10 s`);
      steps.push({ waitMs: seconds * 1000 });
      continue;
    } else {
      throw new ResetSyntaxError(
        `--reset ${text}: "${raw.trim()}" is not a step; use D0/D1 (DTR), R0/R1 (RTS), U<dtr>,<rts> (both) and W<seconds>, separated by |, e.g. D1|R1|W0.05|R0, or a name: auto, ${Object.keys(NAMED_RESETS).join(', ')}`,
      );
    }
    const last = steps[steps.length - 1];
    if (last && 'set' in last) last.set = { ...last.set, ...set };
    else steps.push({ set });
  }
  return steps;
}

export type ResetPurpose = 'enter' | 'leave';

/**
 * The steps of `--reset <option>` for a family: `auto` is the family's usual wiring, a name is that
 * wiring, anything else is a sequence in the short language (used to enter; leaving then releases both lines).
 */
export function resetSteps(option: string, family: keyof typeof AUTO_RESET, purpose: ResetPurpose): ResetStep[] {
  const name = option === 'auto' ? AUTO_RESET[family] : option;
  const wiring = NAMED_RESETS[name];
  if (wiring) return parseResetSequence(wiring[purpose]);
  return purpose === 'enter' ? parseResetSequence(option) : [{ set: { dtr: false, rts: false } }];
}

/** Throws a ResetSyntaxError when `option` is neither a name nor a valid sequence. */
export function checkResetOption(option: string): void {
  if (option !== 'auto' && !NAMED_RESETS[option]) parseResetSequence(option);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Plays the steps; false when there was nothing to do or the port has no modem lines (pseudo-terminals). */
export async function runReset(link: Pick<Transport, 'setSignals'>, steps: ResetStep[]): Promise<boolean> {
  let moved = false;
  for (const step of steps) {
    if ('waitMs' in step) await pause(step.waitMs);
    else if (await link.setSignals(step.set)) moved = true;
    else return false;
  }
  return moved;
}

/** One line per named sequence, for help texts and docs. */
export function describeResets(): string {
  return Object.entries(NAMED_RESETS)
    .map(([name, wiring]) => `${name} (${wiring.describe}${wiring.enter ? `: ${wiring.enter}` : ''})`)
    .join('; ');
}
