/**
 * The one form of values in every command's JSON (README "JSON output", schemas/common.schema.json):
 * ids, CRCs and other opaque numbers are lower-case 0x-prefixed hex strings; offsets, lengths and counts
 * stay plain numbers.
 */

/** A chip id, flash id, CRC or version as "0x7231c"; ids read as hex text ("EB6015") are taken as they are. */
export function hexId(value: number | string): string;
export function hexId(value: number | string | null | undefined): string | null;
export function hexId(value: number | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return `0x${value.toString(16)}`;
  const digits = value.replace(/^0x/i, '').replace(/:/g, '');
  return `0x${digits.toLowerCase()}`;
}

/** A family name as JSON carries it: upper case ("BK7231N", "BL602"), or null when none was named. */
export function familyName(name: string | null | undefined): string | null {
  return name ? name.toUpperCase() : null;
}

/** A --chip word as a family: a chip name in upper case; `beken`, `bouffalo`, `auto` or nothing name none. */
export function familyOf(chip: string | null | undefined): string | null {
  return chip && !['beken', 'bouffalo', 'auto'].includes(chip.toLowerCase()) ? chip.toUpperCase() : null;
}
