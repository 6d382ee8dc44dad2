/**
 * The two checks yargs takes from node:assert (on its own invariants), for the command line bundled in
 * dist/cli: scripts/build-cli.ts hands yargs this module for 'assert', so that a start does not load
 * node:assert and its two dozen internal modules. Same comparisons (Object.is), same error name and code.
 */
class AssertionError extends Error {
  override readonly name = 'AssertionError';
  readonly code = 'ERR_ASSERTION';
}

export function strictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) throw new AssertionError(message ?? `Expected ${String(actual)} to be strictly equal to ${String(expected)}`);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) throw new AssertionError(message ?? `Expected ${String(actual)} not to be strictly equal to ${String(expected)}`);
}
