/** The eflash_loader fetch's store in Node: files in the user's cache folder, downloads with fetch. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoaderStore } from '../../flash/bouffalo/loader-fetch.js';
import { writeFileAtomic } from '../files.js';

/** A download that neither finishes nor sends a byte for this long is given up. */
const STALL_MS = 60_000;

async function download(url: string, progress: (done: number, total: number | undefined) => void): Promise<Uint8Array> {
  const stall = new AbortController();
  let timer = setTimeout(() => stall.abort(), STALL_MS);
  try {
    const response = await fetch(url, { signal: stall.signal, redirect: 'follow' });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    const announced = Number(response.headers.get('content-length'));
    const total = Number.isFinite(announced) && announced > 0 ? announced : undefined;
    const chunks: Uint8Array[] = [];
    let done = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      clearTimeout(timer);
      timer = setTimeout(() => stall.abort(), STALL_MS);
      chunks.push(value);
      done += value.length;
      progress(done, total);
    }
    const body = new Uint8Array(done);
    let at = 0;
    for (const chunk of chunks) (body.set(chunk, at), (at += chunk.length));
    return body;
  } catch (error) {
    if (stall.signal.aborted) throw new Error(`no data for ${STALL_MS / 1000} s`);
    // fetch hides the reason (refused, no route, DNS) in its cause
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
  } finally {
    clearTimeout(timer);
  }
}

/** Loaders cached as files in `dir/eflash_loader`, each written atomically. */
export function fileLoaderStore(dir: string): LoaderStore {
  const folder = join(dir, 'eflash_loader');
  const where = (key: string) => join(folder, key);
  return {
    where,
    async read(key) {
      try {
        return new Uint8Array(readFileSync(where(key)));
      } catch {
        return undefined;
      }
    },
    async write(key, bytes) {
      mkdirSync(folder, { recursive: true });
      writeFileAtomic(where(key), bytes, { overwrite: true });
      return where(key);
    },
    download,
  };
}
