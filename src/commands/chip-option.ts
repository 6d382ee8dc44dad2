/**
 * The one chip vocabulary: the --chip option of every command that talks to or about a chip (flash,
 * monitor, log, emulate) and the --family option of the commands that check a file's chip family
 * (inspect, convert). One list of words, one parser, one "did you mean". A command that cannot use
 * some of the words (emulate needs a concrete chip) refuses them in one sentence naming the words it takes.
 */
import { CHIP_NAMES, type ChipFamily, type ChipName } from '../formats/bootlog/log-ports.js';
import { CHIP_FAMILIES, CHIP_GROUPS, CHIP_WORDS, isBouffaloWord, kindOf, type ChipKind } from '../jobs/chip-words.js';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';

export { CHIP_FAMILIES, CHIP_GROUPS, CHIP_WORDS, isBouffaloWord, kindOf, type ChipKind };

/** Edit distance (insert, delete, substitute, swap two neighbours): "bk7321n" is one step from "bk7231n". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The known words closest to a mistyped one (two edits at most, or the ones it begins), or none. */
export function nearestChipWords(typed: string, among: readonly string[] = CHIP_WORDS): string[] {
  const word = typed.toLowerCase();
  const scored = among.map((candidate) => ({ candidate, cost: distance(word, candidate) }));
  const best = Math.min(...scored.map((s) => s.cost));
  if (best <= 2) return scored.filter((s) => s.cost === best).map((s) => s.candidate);
  return word.length >= 2 ? among.filter((candidate) => candidate.startsWith(word)) : [];
}

/**
 * The canonical word for what was typed: case does not matter, and a Beken family may drop its
 * "bk" ("7231n"). Throws a usage error naming the option, with the nearest words, when it is none of them.
 */
export function parseChipWord(typed: string, option = '--chip'): string {
  const word = typed.trim().toLowerCase();
  if (CHIP_WORDS.includes(word)) return word;
  if (/^\d/.test(word) && CHIP_FAMILIES.includes(`bk${word}`)) return `bk${word}`;
  const among = option === '--chip' ? CHIP_WORDS : CHIP_FAMILIES;
  const near = nearestChipWords(word, among);
  const hint = near.length ? ` (did you mean ${orList(near)}?)` : '';
  const what = option === '--chip' ? 'chip' : 'chip family';
  throw new UserError(`${option} ${typed}: unknown ${what}${hint}; give one of ${among.join(', ')}`, ExitCode.usage);
}

/** Refuses a known word the command cannot use, naming the words it does take. */
export function checkChipKind(word: string, command: string, accepts: readonly ChipKind[], option = '--chip'): void {
  if (accepts.includes(kindOf(word))) return;
  const taken = CHIP_WORDS.filter((candidate) => accepts.includes(kindOf(candidate)));
  const needs = accepts.length === 1 && accepts[0] === 'family' ? 'needs one concrete chip family' : `takes only ${orList(taken)}`;
  throw new UserError(`${option} ${word}: ${command} ${needs}; give one of ${taken.join(', ')}`, ExitCode.usage);
}

function onlyOnce(option: string, value: unknown): string {
  if (Array.isArray(value)) throw new UserError(`${option} is given ${value.length} times; give it once`, ExitCode.usage);
  return String(value);
}

/**
 * The --chip option for a yargs builder. `purpose` says what the chip changes for this command; the
 * list of words is the same in every command's help, followed by what this command does not take.
 */
export function chipOption<const Extra extends object>(command: string, accepts: readonly ChipKind[], purpose: string, extra?: Extra) {
  const refused = CHIP_GROUPS.filter((word) => !accepts.includes(kindOf(word)));
  const note = refused.length ? ` (${command} does not take ${orList(refused)})` : '';
  return {
    ...extra,
    type: 'string' as const,
    requiresArg: true,
    describe: `${purpose}; one of: ${CHIP_WORDS.join(', ')}${note}`,
    coerce: (value: unknown): string => {
      const word = parseChipWord(onlyOnce('--chip', value));
      checkChipKind(word, command, accepts);
      return word;
    },
  };
}

/**
 * The --family option of the commands that check a file against the chip it is for (inspect,
 * convert): one concrete family, given as the formats name it (upper case). A BL618 is the BL616 die
 * and runs BL616 images, so bl618 checks a file against BL616.
 */
export function familyOption(command: string, purpose: string) {
  return {
    type: 'string' as const,
    requiresArg: true,
    describe: `${purpose}; one of: ${CHIP_FAMILIES.join(', ')}`,
    coerce: (value: unknown): string => {
      const word = parseChipWord(onlyOnce('--family', value), '--family');
      checkChipKind(word, command, ['family'], '--family');
      return word === 'bl618' ? 'BL616' : word.toUpperCase();
    },
  };
}

/** A parsed --chip word as the boot-log analysis names chips; auto (and no --chip) is "not known". */
export function logChip(word: string | undefined): ChipName | ChipFamily | undefined {
  if (word === undefined || word === 'auto') return undefined;
  if (word === 'beken' || word === 'bouffalo' || CHIP_NAMES.includes(word as ChipName)) return word as ChipName | ChipFamily;
  // A family the boot-log analysis has no table for yet: what it knows of the vendor.
  return isBouffaloWord(word) ? 'bouffalo' : 'beken';
}
