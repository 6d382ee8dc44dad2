/**
 * The one parser for numbers given on the command line: addresses, lengths, sizes, rates, times,
 * counts. Integers are decimal or 0x-prefixed hex; times and probabilities may have a fraction.
 * Anything else, or a number out of the option's range, is a usage error (exit 2) in one sentence
 * naming the option, so "-b abc" never becomes "NaN baud" and "--size 0xFFFFFFFF" never allocates.
 */
import { LARGEST_FLASH } from '../formats/largest-flash.js';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';

export { LARGEST_FLASH };

export interface NumberRule {
  /** What the number is, for the sentence: "an address", "a rate in baud". */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  /** Decimal fractions allowed (times, probabilities); integers otherwise. */
  readonly fraction?: boolean;
  /** Ranges read better in hex for addresses and sizes. */
  readonly hex?: boolean;
  readonly example: string;
}

export const NUMBER_RULES = {
  /** A flash address: where a range starts. */
  address: { what: 'a flash address', min: 0, max: LARGEST_FLASH - 1, hex: true, example: '0x11000' },
  /** A byte count of a flash range or an image size. */
  size: { what: 'a size in bytes', min: 1, max: LARGEST_FLASH, hex: true, example: '0x200000' },
  baud: { what: 'a rate in baud', min: 300, max: 12_000_000, example: '921600' },
  seconds: { what: 'a time in seconds', min: 0, max: 7 * 24 * 3600, fraction: true, example: '20' },
  milliseconds: { what: 'a time in milliseconds', min: 0, max: 24 * 3600 * 1000, example: '1500' },
  count: { what: 'a count', min: 0, max: 0x7fffffff, example: '3' },
  threads: { what: 'a number of worker threads', min: 1, max: 256, example: '4' },
  probability: { what: 'a probability', min: 0, max: 1, fraction: true, example: '0.01' },
  /** 32-bit values: seeds, register contents. */
  word: { what: 'a 32-bit number', min: 0, max: 0xffffffff, example: '0x1C' },
} as const satisfies Record<string, NumberRule>;

export type NumberKind = keyof typeof NUMBER_RULES;

const INTEGER = /^(?:0x[0-9a-f]+|\d+)$/i;
const FRACTION = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function show(value: number, rule: NumberRule): string {
  return rule.hex ? `0x${value.toString(16).toUpperCase()}` : String(value);
}

/** Parses `text` given to `--option` by `rule`, or throws a usage error that says why. */
export function parseNumberOption(option: string, text: string | number, rule: NumberRule): number {
  const shown = `--${option} ${String(text) === '' ? '(nothing)' : String(text)}`;
  const trimmed = String(text).trim();
  const negative = trimmed.startsWith('-');
  const digits = negative ? trimmed.slice(1) : trimmed;
  const wellFormed = typeof text === 'number' ? Number.isFinite(text) : (rule.fraction ? FRACTION : INTEGER).test(digits);
  if (!wellFormed) {
    const forms = rule.fraction ? 'a decimal number' : 'decimal or 0x-prefixed hex';
    throw new UserError(`${shown}: not a number; give ${rule.what} as ${forms}, e.g. ${rule.example}`, ExitCode.usage);
  }
  const value = typeof text === 'number' ? text : (negative ? -1 : 1) * Number(digits);
  if (!rule.fraction && !Number.isInteger(value)) {
    throw new UserError(`${shown}: not a whole number; give ${rule.what}, e.g. ${rule.example}`, ExitCode.usage);
  }
  if (!(value >= rule.min && value <= rule.max)) {
    throw new UserError(`${shown}: out of range; give ${rule.what} from ${show(rule.min, rule)} to ${show(rule.max, rule)}`, ExitCode.usage);
  }
  return value;
}

/**
 * A yargs option whose value goes through `parseNumberOption` (defaults too). Given twice, the
 * option is refused rather than one value silently winning.
 */
export function numberOption<const Extra extends object>(option: string, kind: NumberKind, extra: Extra) {
  const rule: NumberRule = NUMBER_RULES[kind];
  return {
    ...extra,
    type: 'string' as const,
    requiresArg: true,
    coerce: (value: unknown): number => {
      if (Array.isArray(value)) throw new UserError(`--${option} is given ${value.length} times; give it once`, ExitCode.usage);
      return parseNumberOption(option, value as string | number, rule);
    },
  };
}
