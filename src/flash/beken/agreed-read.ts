/** Identification values on a Beken chip, read until two reads agree (see ../agreed-read.ts). */
import { readUntilAgreed } from '../agreed-read.js';
import { ProtocolError } from './client.js';

export { AGREEMENT_READS } from '../agreed-read.js';

/** Throws a ProtocolError naming `what` when no two reads agree; a read failing with a ProtocolError is retried. */
export function readAgreed<T>(what: string, read: () => Promise<T>, key: (value: T) => string = String, unmistakable: (value: T) => boolean = () => false): Promise<T> {
  return readUntilAgreed(what, read, {
    key,
    unmistakable,
    retryable: (error) => error instanceof ProtocolError,
    failure: (message) => new ProtocolError(message),
  });
}
