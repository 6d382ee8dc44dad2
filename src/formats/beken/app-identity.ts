import { indexOfBytes, latin1Of } from '../bytes.js';

/** The Tuya firmware identity compiled into an app: its name, version and SDK banner. */
export interface AppIdentity {
  name: string | null;
  version: string | null;
  sdk: string | null;
  builtAt: string | null;
}

const NAME = /^(?:oem_)?(bk72\d\d[a-z]?_[a-z0-9_]+)$/;
const VERSION = /^\d+\.\d+\.\d+$/;

/**
 * Tuya apps keep the firmware name ("oem_bk7231n_plug" or "bk7231n_plug") as a NUL-terminated
 * string followed, within the next two strings, by its version ("1.1.8").
 */
export function findAppIdentity(plain: Uint8Array): AppIdentity {
  const bytes = plain;
  const identity: AppIdentity = { name: null, version: null, sdk: null, builtAt: null };
  for (let at = indexOfBytes(bytes, 'bk72'); at >= 0 && !identity.name; at = indexOfBytes(bytes, 'bk72', at + 4)) {
    let start = at;
    if (at >= 4 && latin1Of(bytes, at - 4, at) === 'oem_') start = at - 4;
    if (start > 0 && bytes[start - 1] !== 0) continue;
    const strings = nextStrings(bytes, start, 3);
    const name = NAME.exec(strings[0]);
    if (!name) continue;
    const version = strings.slice(1).find((s) => VERSION.test(s));
    if (version) Object.assign(identity, { name: name[1], version });
  }
  const banner = indexOfBytes(bytes, '< TUYA IOT SDK V:');
  if (banner >= 0) identity.sdk = /V:(\S+)/.exec(nextStrings(bytes, banner, 1)[0])?.[1] ?? null;
  const build = indexOfBytes(bytes, '< BUILD AT:');
  if (build >= 0) identity.builtAt = /BUILD AT:(\S+)/.exec(nextStrings(bytes, build, 1)[0])?.[1] ?? null;
  return identity;
}

function nextStrings(bytes: Uint8Array, start: number, count: number): string[] {
  const out: string[] = [];
  let o = start;
  for (let i = 0; i < count && o < bytes.length; i++) {
    let end = bytes.indexOf(0, o);
    if (end < 0 || end - o > 200) end = Math.min(bytes.length, o + 200);
    out.push(latin1Of(bytes, o, end));
    o = end + 1;
  }
  return out;
}
