/**
 * The eflash_loader fetched like a toolchain: from the cache when a checked copy is there, else
 * downloaded from its pinned source, checked, and cached. The network and the disk are behind
 * LoaderStore, so this stays the same in Node and in a browser.
 */
import type { LoaderFile } from './client.js';
import { BouffaloSetupError } from './errors.js';
import { checkLoaderImage, verifyLoaderImage } from './loader-image.js';
import { sha256Hex, unpackLoader, type LoaderChip, type LoaderSource } from './loader-source.js';

/** What the fetch needs from the runtime: a small key/value cache and a download with progress. */
export interface LoaderStore {
  /** The bytes cached under `key`, or undefined when there are none. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** Stores `bytes` under `key` in one piece (never half-written); returns where, for messages. */
  write(key: string, bytes: Uint8Array): Promise<string>;
  /** Where `key` lives, for messages. */
  where(key: string): string;
  /** The body of `url`; `progress` gets bytes so far and the announced total when there is one. */
  download(url: string, progress: (done: number, total: number | undefined) => void): Promise<Uint8Array>;
}

export interface FetchHooks {
  say(line: string): void;
  progress(label: string): { update(done: number, total: number): void; stop(): void };
}

export interface FetchOptions {
  /** Never download: the cache or nothing. */
  offline?: boolean;
}

/** No loader on the machine and none could be downloaded. */
export class LoaderUnavailableError extends BouffaloSetupError {
  constructor(message: string) {
    super(message);
    this.name = 'LoaderUnavailableError';
  }
}

/** Cache keys name the chip, the file and the source's hash, so a different source never collides. */
export function cacheKey(chip: LoaderChip, source: LoaderSource): string {
  return `${chip}-${source.sha256.slice(0, 16)}-${source.file}`;
}

function wanted(chip: LoaderChip, source: LoaderSource): string {
  const inside = source.entry ? ` (${source.entry} inside it)` : '';
  return (
    `fwkit wants ${source.file} for ${chip.toUpperCase()} from ${source.url}${inside}: ` +
    `fetch that on a connected machine and pass the loader with --loader <file> or $FWKIT_${chip.toUpperCase()}_LOADER`
  );
}

/** The cached loader when its bytes still match the SHA-256 recorded beside it and it is a sound image. */
async function fromCache(store: LoaderStore, key: string, say: (line: string) => void): Promise<Uint8Array | undefined> {
  const bytes = await store.read(key);
  if (!bytes) return undefined;
  const recorded = new TextDecoder().decode((await store.read(`${key}.sha256`)) ?? new Uint8Array()).trim();
  const actual = sha256Hex(bytes);
  let sound = actual === recorded;
  if (sound) {
    try {
      checkLoaderImage(bytes);
    } catch {
      sound = false;
    }
  }
  if (sound) return bytes;
  say(`the cached ${store.where(key)} does not match its recorded SHA-256 (${recorded || 'none'}, now ${actual}); fetching it again`);
  return undefined;
}

async function download(chip: LoaderChip, source: LoaderSource, store: LoaderStore, hooks: FetchHooks): Promise<Uint8Array> {
  hooks.say(`downloading the ${chip.toUpperCase()} eflash_loader (${source.file}) from ${source.url} (${source.origin}), once; later runs use the cache`);
  const bar = hooks.progress('loader');
  try {
    return await store.download(source.url, (done, total) => bar.update(done, total ?? done));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LoaderUnavailableError(`no eflash_loader for ${chip.toUpperCase()} on this machine and the download failed (${reason}); ${wanted(chip, source)}`);
  } finally {
    bar.stop();
  }
}

/** The loader for `chip` from the cache, or downloaded, checked and cached. */
export async function fetchLoader(chip: LoaderChip, source: LoaderSource, store: LoaderStore, hooks: FetchHooks, options: FetchOptions = {}): Promise<LoaderFile> {
  const key = cacheKey(chip, source);
  const cached = await fromCache(store, key, hooks.say);
  if (cached) return { bytes: cached, source: `${store.where(key)} (cached from ${source.origin})` };
  if (options.offline) {
    throw new LoaderUnavailableError(`--offline: no eflash_loader for ${chip.toUpperCase()} on this machine or in the cache, and fwkit may not download it; ${wanted(chip, source)}`);
  }
  const downloaded = await download(chip, source, store, hooks);
  const loader = unpackLoader(source, downloaded);
  verifyLoaderImage(loader, `${source.file} from ${source.url}`);
  await store.write(`${key}.sha256`, new TextEncoder().encode(`${sha256Hex(loader)}\n`));
  const where = await store.write(key, loader);
  hooks.say(`SHA-256 of the download matches ${source.origin}; ${source.file} (${loader.length} bytes) cached as ${where}`);
  return { bytes: loader, source: `${where} (downloaded from ${source.origin})` };
}
