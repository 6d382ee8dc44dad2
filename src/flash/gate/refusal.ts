/**
 * The gate's refusal: one sentence and why. `unsafe` names the one flag that overrides it (or none, when
 * nothing may override it); `usage` is a bad number or range; `input` a file that is not what a write
 * needs. Commands map the reason to the exit code in one place (src/commands/errors.ts).
 */
export type RefusalReason = 'unsafe' | 'usage' | 'input';

export class GateRefused extends Error {
  constructor(
    message: string,
    readonly reason: RefusalReason = 'unsafe',
    /** The flag that lets the operation through, when one may. */
    readonly override: string | null = null,
  ) {
    super(message);
    this.name = 'GateRefused';
  }
}

/** A refusal that the named flag overrides; the sentence ends by naming it. */
export function refuseUnless(flag: string, message: string): GateRefused {
  return new GateRefused(`${message}; pass ${flag} if you mean it`, 'unsafe', flag);
}

export const hex = (value: number): string => `0x${value.toString(16).toUpperCase()}`;
