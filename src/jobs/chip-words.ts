/**
 * The one chip vocabulary of both faces: what --chip (and --family) take on the command line and what the
 * page's chip selector offers. Every family fwkit knows, then the words that name no one family.
 */
import { FAMILIES } from '../flash/beken/families.js';

/** BL618 is the BL616 die in a larger package; both names are taken. */
export const BOUFFALO_FAMILIES: readonly string[] = ['bl602', 'bl702', 'bl616', 'bl618'];

/** Every concrete chip family fwkit knows, lower case: the Beken families and the Bouffalo ones. */
export const CHIP_FAMILIES: readonly string[] = [...FAMILIES.map((family) => family.toLowerCase()), ...BOUFFALO_FAMILIES].sort();

/** Words that name no one family: either vendor, or "find out". */
export const CHIP_GROUPS = ['beken', 'bouffalo', 'auto'] as const;

/** Every word, in the order help texts and the page show them. */
export const CHIP_WORDS: readonly string[] = [...CHIP_FAMILIES, ...CHIP_GROUPS];

/** The kinds of word a command can take: a family, a vendor (beken, bouffalo), or auto. */
export type ChipKind = 'family' | 'vendor' | 'auto';

export function kindOf(word: string): ChipKind {
  return word === 'auto' ? 'auto' : word === 'beken' || word === 'bouffalo' ? 'vendor' : 'family';
}

export function isBouffaloWord(word: string | undefined): boolean {
  return word === 'bouffalo' || (word !== undefined && BOUFFALO_FAMILIES.includes(word));
}
