/**
 * Replies not taken on trust: the Beken protocol has no checksum, so a byte damaged on the line turns
 * a chip id, flash id or size into another plausible value. Identification reads each such value until
 * two reads agree, retrying failed commands as transfers do.
 */
import { ProtocolError } from './client.js';

export const AGREEMENT_READS = 5;

/**
 * Reads until one value has come back twice (at most `AGREEMENT_READS` reads). A read that fails with a
 * ProtocolError counts as a read and is retried. Throws a ProtocolError naming `what` when no two agree.
 */
export async function readAgreed<T>(
  what: string,
  read: () => Promise<T>,
  key: (value: T) => string = String,
  /** A value noise cannot produce by accident (e.g. a known 16-byte key) is believed at once. */
  unmistakable: (value: T) => boolean = () => false,
): Promise<T> {
  const seen = new Map<string, T>();
  const answers: string[] = [];
  let lastError: ProtocolError | null = null;
  for (let attempt = 0; attempt < AGREEMENT_READS; attempt++) {
    let value: T;
    try {
      value = await read();
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      lastError = error;
      continue;
    }
    if (unmistakable(value)) return value;
    const id = key(value);
    if (seen.has(id)) return seen.get(id)!;
    seen.set(id, value);
    answers.push(id);
  }
  const detail = answers.length ? `different answers (${answers.join(', ')})` : `no answer (${lastError?.message ?? 'no reply'})`;
  throw new ProtocolError(
    `reading the ${what} ${AGREEMENT_READS} times gave ${detail}; the line is unreliable: try a lower --baud, shorter wires or another adapter`,
  );
}
