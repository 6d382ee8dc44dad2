/**
 * A compressed stream would inflate past the size its container declares: `produced` bytes came out
 * before the inflater was stopped (a little past `limit`: inflaters work in steps).
 */
export class InflateLimitError extends Error {
  constructor(
    readonly limit: number,
    readonly produced: number,
  ) {
    super(`inflates past ${limit} bytes`);
    this.name = 'InflateLimitError';
  }
}
