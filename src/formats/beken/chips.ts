/**
 * Chip names as the bytes spell them, mapped to the families fwkit supports. Tuya calls the
 * BK7231T "BK7231S"; Beken calls the BK7252 "BK7251"; newer Beken bootloaders write the variant
 * letter in lower case ("BK7231u", "BK7231n").
 */

/** Every Beken family fwkit reads, writes and flashes. */
export const SUPPORTED_FAMILIES = ['BK7231T', 'BK7231U', 'BK7231N', 'BK7231M', 'BK7231Q', 'BK7238', 'BK7252', 'BK7252N'] as const;
export type SupportedFamily = (typeof SUPPORTED_FAMILIES)[number];

/** Wi-Fi chips whose images look related (same vendors, same module makers) but that fwkit does not handle. */
export const UNSUPPORTED_CHIPS = ['BK7236', 'BK7256', 'BK7258', 'ECR6600', 'RTL8710B', 'RTL8720C', 'LN882H', 'XR809', 'W800'] as const;

const ALIASES: Record<string, SupportedFamily> = {
  BK7231S: 'BK7231T',
  BK7231T: 'BK7231T',
  BK7231U: 'BK7231U',
  BK7231N: 'BK7231N',
  BK7231M: 'BK7231M',
  BK7231Q: 'BK7231Q',
  BK7238: 'BK7238',
  BK7251: 'BK7252',
  BK7252: 'BK7252',
  BK7252N: 'BK7252N',
  // Tuya module families: T1 = BK7238, T2 = BK7231N, T4 = BK7252N.
};

export function isSupportedFamily(name: string | null | undefined): name is SupportedFamily {
  return !!name && (SUPPORTED_FAMILIES as readonly string[]).includes(name);
}

/** "bk7231s" -> BK7231T, "BK7251" -> BK7252, "BK7231u" -> BK7231U; null for anything else. */
export function familyOfChipName(name: string): SupportedFamily | null {
  const m = /^bk(72\d\d)([a-z]?)$/i.exec(name.trim());
  if (!m) return null;
  return ALIASES[`BK${m[1]}${m[2].toUpperCase()}`] ?? null;
}

/** The name of a chip fwkit knows but does not support ("BK7236"), or null. */
export function unsupportedChipName(name: string): string | null {
  const upper = name.trim().toUpperCase();
  if (familyOfChipName(upper)) return null;
  return (UNSUPPORTED_CHIPS as readonly string[]).find((c) => upper === c) ?? null;
}
