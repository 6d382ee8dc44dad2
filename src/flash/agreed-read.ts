/**
 * Replies not taken on trust: a byte damaged on the line turns a chip id, flash id or size into another
 * plausible value (the Beken protocol has no checksum at all, and a Bouffalo reply's length and payload
 * are not covered by one). Identification reads each such value until two reads agree, retrying
 * failed reads as transfers do.
 */

export const AGREEMENT_READS = 5;

export interface AgreementRules<T> {
  /** The text the values are compared by (and shown as). */
  key?: (value: T) => string;
  /** A value noise cannot produce by accident (e.g. a known 16-byte key) is believed at once. */
  unmistakable?: (value: T) => boolean;
  /** Whether a failed read counts as a read and is tried again (a line fault), or ends the reading. */
  retryable: (error: unknown) => boolean;
  /** The error thrown when no two reads agree. */
  failure: (message: string) => Error;
}

/** Reads until one value has come back twice (at most `AGREEMENT_READS` reads). */
export async function readUntilAgreed<T>(what: string, read: () => Promise<T>, rules: AgreementRules<T>): Promise<T> {
  const { key = String, unmistakable = () => false } = rules;
  const seen = new Map<string, T>();
  const answers: string[] = [];
  let lastError: unknown = null;
  for (let attempt = 0; attempt < AGREEMENT_READS; attempt++) {
    let value: T;
    try {
      value = await read();
    } catch (error) {
      if (!rules.retryable(error)) throw error;
      lastError = error;
      continue;
    }
    if (unmistakable(value)) return value;
    const id = key(value);
    if (seen.has(id)) return seen.get(id)!;
    seen.set(id, value);
    answers.push(id);
  }
  const reason = lastError instanceof Error ? lastError.message : 'no reply';
  const detail = answers.length ? `different answers (${answers.join(', ')})` : `no answer (${reason})`;
  throw rules.failure(`reading the ${what} ${AGREEMENT_READS} times gave ${detail}; the line is unreliable: try a lower --baud, shorter wires or another adapter`);
}
