import { platform } from '../platform/index.js';
import { concatBytes } from './bytes.js';
import { InflateLimitError } from './inflate-limit.js';

/**
 * Input handed to the inflater per step. Deflate expands at most about 1032:1, so one step adds at most
 * ~0.5 MiB past the limit before the count is seen; a hostile stream stops there, not at gigabytes.
 */
const STEP = 512;

/**
 * Inflates a gzip stream (members one after another, as zlib does) to at most `limit` bytes, fed in
 * small steps so that the work stops soon after the output passes the limit. Damage throws the
 * inflater's error; more output than `limit` throws InflateLimitError.
 */
export function gunzipWithin(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  const gunzip = platform.gunzipStream((chunk) => {
    produced += chunk.length;
    if (produced <= limit) chunks.push(chunk);
  });
  for (let at = 0; at < data.length && produced <= limit; at += STEP) gunzip.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  if (produced > limit) throw new InflateLimitError(limit, produced);
  if (data.length === 0) throw new Error('an empty gzip stream');
  return concatBytes(chunks);
}
