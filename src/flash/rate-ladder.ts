/**
 * The transfer rates a flasher steps down through when a rate keeps failing (issue: CH340/CP2102/PL2303
 * adapters and long wires that cannot hold 2 M): the same ladder for both vendors.
 */
export const RATE_LADDER = [2_000_000, 1_500_000, 921_600, 460_800, 115_200];

/** The next lower rate of the ladder, or null at the bottom. */
export function lowerRate(current: number): number | null {
  return RATE_LADDER.find((rate) => rate < current) ?? null;
}
