import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { fileLoaderStore } from '../../src/commands/storage/loader-cache.js';
import { findLoader, readLoaderFile } from '../../src/flash/bouffalo/loader-discovery.js';
import { cacheKey, fetchLoader, LoaderUnavailableError, type FetchHooks } from '../../src/flash/bouffalo/loader-fetch.js';
import { LoaderHashError, loaderSource, PINNED_LOADERS, sha256Hex, type LoaderSource } from '../../src/flash/bouffalo/loader-source.js';
import { FormatError } from '../../src/formats/errors.js';
import { findTarFile, tarEntries } from '../../src/formats/tar.js';
import { serveFiles } from './support/loader-server.js';
import { syntheticLoader } from './support/synthetic-loader.js';
import { tarArchive } from './support/tar.js';

const loader = syntheticLoader('placeholder', 7000);
/** Laid out like the vendor's source distribution: a top folder, the package, chips/<chip>/eflash_loader. */
const archive = gzipSync(
  tarArchive([
    { name: 'bflb-iot-tool-1.0.0/PKG-INFO', data: new TextEncoder().encode('Name: bflb-iot-tool\n') },
    { name: 'bflb-iot-tool-1.0.0/bflb_iot_tool/chips/bl602/eflash_loader/eflash_loader_24m.bin', data: syntheticLoader('placeholder', 100) },
    { name: 'bflb-iot-tool-1.0.0/bflb_iot_tool/chips/bl602/eflash_loader/eflash_loader_40m.bin', data: loader },
  ]),
);

function recorder(): FetchHooks & { lines: string[]; updates: number[] } {
  const lines: string[] = [];
  const updates: number[] = [];
  return { lines, updates, say: (line) => lines.push(line), progress: () => ({ update: (done) => updates.push(done), stop: () => {} }) };
}

/** The pinned BL602 source with its URL and hash swapped for the loopback server's synthetic archive. */
function sourceAt(url: string, sha256 = sha256Hex(archive)): LoaderSource {
  return { ...PINNED_LOADERS.bl602, url, sha256, origin: 'the test server' };
}

test('tar reader: ustar names, GNU long names and pax paths; a damaged header is named by offset', () => {
  const long = `${'deep/'.repeat(25)}eflash_loader_40m.bin`;
  const tar = tarArchive([
    { name: 'a/readme.txt', data: new TextEncoder().encode('hello') },
    { name: long, data: new Uint8Array([1, 2, 3]) },
  ]);
  assert.deepEqual(
    [...tarEntries(tar)].map((entry) => [entry.name, entry.data.length]),
    [
      ['a/readme.txt', 5],
      [long, 3],
    ],
  );
  assert.deepEqual(findTarFile(tar, 'deep/eflash_loader_40m.bin')?.data, new Uint8Array([1, 2, 3]));
  assert.equal(findTarFile(tar, 'p_eflash_loader_40m.bin'), undefined, 'suffixes match whole path segments');
  const damaged = tar.slice();
  damaged[257] = 0x41;
  assert.throws(() => [...tarEntries(damaged)], (error: unknown) => error instanceof FormatError && error.offset === 257);
});

test('the pinned sources are facts: an HTTPS URL and a SHA-256 for each chip, and the entry inside the archive', () => {
  for (const [chip, source] of Object.entries(PINNED_LOADERS)) {
    assert.match(source.url, /^https:\/\/.+\.tar\.gz$/);
    assert.match(source.sha256, /^[0-9a-f]{64}$/);
    assert.equal(source.entry, `${chip}/eflash_loader/${source.file}`);
  }
  assert.equal(PINNED_LOADERS.bl602.file, 'eflash_loader_40m.bin');
  assert.equal(PINNED_LOADERS.bl702.file, 'eflash_loader_32m.bin');
});

test('$FWKIT_<CHIP>_LOADER_URL names another source, always with its SHA-256', () => {
  const hash = 'ab'.repeat(32);
  assert.equal(loaderSource('bl602', {}), PINNED_LOADERS.bl602);
  const raw = loaderSource('bl702', { FWKIT_BL702_LOADER_URL: `https://mirror.example/eflash_loader_32m.bin#sha256=${hash.toUpperCase()}` });
  assert.deepEqual([raw.url, raw.sha256, raw.entry, raw.file], ['https://mirror.example/eflash_loader_32m.bin', hash, undefined, 'eflash_loader_32m.bin']);
  const packed = loaderSource('bl602', { FWKIT_BL602_LOADER_URL: `http://127.0.0.1:8/tool.tar.gz#sha256=${hash}` });
  assert.equal(packed.entry, 'bl602/eflash_loader/eflash_loader_40m.bin');
  assert.throws(() => loaderSource('bl602', { FWKIT_BL602_LOADER_URL: 'https://mirror.example/x.bin' }), /\$FWKIT_BL602_LOADER_URL must be <url>#sha256=<64 hex digits>/);
});

test('hash good: downloaded once with progress, checked, cached; the second run reads the cache', async () => {
  const server = await serveFiles({ '/tool.tar.gz': archive });
  const cache = mkdtempSync(join(tmpdir(), 'fwkit-cache-'));
  const store = fileLoaderStore(cache);
  const source = sourceAt(server.url('/tool.tar.gz'));
  try {
    const hooks = recorder();
    const first = await fetchLoader('bl602', source, store, hooks);
    assert.deepEqual(first.bytes, loader, 'the 40 MHz loader, not its 24 MHz neighbour');
    assert.deepEqual(server.requests, ['/tool.tar.gz']);
    assert.equal(hooks.updates.at(-1), archive.length, 'progress reached the whole archive');
    assert.match(hooks.lines[0]!, /^downloading the BL602 eflash_loader \(eflash_loader_40m\.bin\) from http:\/\/127\.0\.0\.1:\d+\/tool\.tar\.gz/);
    const cached = join(cache, 'eflash_loader', cacheKey('bl602', source));
    assert.match(hooks.lines.at(-1)!, new RegExp(`SHA-256 of the download matches the test server; eflash_loader_40m\\.bin \\(${loader.length} bytes\\) cached as ${cached}`));
    assert.deepEqual(new Uint8Array(readFileSync(cached)), loader);

    const again = recorder();
    const second = await fetchLoader('bl602', source, store, again);
    assert.deepEqual(second.bytes, loader);
    assert.equal(server.requests.length, 1, 'no second download');
    assert.deepEqual(again.lines, []);
    assert.match(second.source, /cached from the test server/);

    // a cached file that no longer matches its recorded SHA-256 is fetched again
    const damaged = loader.slice();
    damaged[400] ^= 0xff;
    writeFileSync(cached, damaged);
    const repaired = recorder();
    assert.deepEqual((await fetchLoader('bl602', source, store, repaired)).bytes, loader);
    assert.equal(server.requests.length, 2);
    assert.match(repaired.lines[0]!, /does not match its recorded SHA-256 .*fetching it again/);
  } finally {
    await server.close();
  }
});

test('hash bad: refused with both hashes named, nothing cached', async () => {
  const server = await serveFiles({ '/tool.tar.gz': archive });
  const cache = mkdtempSync(join(tmpdir(), 'fwkit-cache-'));
  const expected = 'cd'.repeat(32);
  try {
    await assert.rejects(fetchLoader('bl602', sourceAt(server.url('/tool.tar.gz'), expected), fileLoaderStore(cache), recorder()), (error: unknown) => {
      assert.ok(error instanceof LoaderHashError);
      assert.equal(
        error.message,
        `refused the download of ${server.url('/tool.tar.gz')}: its SHA-256 is ${sha256Hex(archive)}, expected ${expected} (from the test server); ` +
          'nothing was cached - the download was damaged or the file changed at its source',
      );
      return true;
    });
    assert.equal(server.requests.length, 1);
    assert.equal(existsSync(join(cache, 'eflash_loader')), false, 'nothing cached');
  } finally {
    await server.close();
  }
});

test('offline: a refused connection or --offline gives one sentence with the file, the URL and --loader', async () => {
  const server = await serveFiles({});
  const url = server.url('/tool.tar.gz');
  await server.close(); // nothing listens there any more: the connection is refused
  const cache = mkdtempSync(join(tmpdir(), 'fwkit-cache-'));
  const wanted = `fwkit wants eflash_loader_40m.bin for BL602 from ${url} (bl602/eflash_loader/eflash_loader_40m.bin inside it): fetch that on a connected machine and pass the loader with --loader <file> or $FWKIT_BL602_LOADER`;
  await assert.rejects(fetchLoader('bl602', sourceAt(url), fileLoaderStore(cache), recorder()), (error: unknown) => {
    assert.ok(error instanceof LoaderUnavailableError);
    assert.equal(error.message, `no eflash_loader for BL602 on this machine and the download failed (ECONNREFUSED); ${wanted}`);
    return true;
  });
  const served = await serveFiles({ '/tool.tar.gz': archive });
  try {
    await assert.rejects(fetchLoader('bl602', sourceAt(served.url('/tool.tar.gz')), fileLoaderStore(cache), recorder(), { offline: true }), /^LoaderUnavailableError: --offline: no eflash_loader for BL602 on this machine or in the cache, and fwkit may not download it; fwkit wants eflash_loader_40m\.bin/);
    assert.equal(served.requests.length, 0, '--offline sends nothing');
    const missing = sourceAt(served.url('/gone.tar.gz'));
    await assert.rejects(fetchLoader('bl602', missing, fileLoaderStore(cache), recorder()), /the download failed \(HTTP 404 Not Found\)/);
    assert.equal(readdirSync(cache).length, 0);
  } finally {
    await served.close();
  }
});

test('a zip archive and a plain loader file are sources too; --loader takes the downloaded tar.gz as it is', async () => {
  const zip = zipSync({ 'bflb_iot_tool/chips/bl702/eflash_loader/eflash_loader_32m.bin': loader, 'bflb_iot_tool/README': new Uint8Array(3) });
  const server = await serveFiles({ '/tool.zip': zip, '/eflash_loader_32m.bin': loader });
  const cache = mkdtempSync(join(tmpdir(), 'fwkit-cache-'));
  try {
    const zipped = loaderSource('bl702', { FWKIT_BL702_LOADER_URL: `${server.url('/tool.zip')}#sha256=${sha256Hex(zip)}` });
    assert.deepEqual((await fetchLoader('bl702', zipped, fileLoaderStore(cache), recorder())).bytes, loader);
    const home = mkdtempSync(join(tmpdir(), 'fwkit-home-'));
    const plain = await findLoader('bl702', {
      store: fileLoaderStore(join(cache, 'other')),
      hooks: recorder(),
      context: { env: { FWKIT_BL702_LOADER_URL: `${server.url('/eflash_loader_32m.bin')}#sha256=${sha256Hex(loader)}` }, home },
    });
    assert.deepEqual(plain.bytes, loader);
    assert.match(plain.source, /downloaded from \$FWKIT_BL702_LOADER_URL/);
  } finally {
    await server.close();
  }
  const file = join(cache, 'bflb-iot-tool-1.0.0.tar.gz');
  writeFileSync(file, archive);
  assert.deepEqual(readLoaderFile(file, 'bl602'), loader);
  assert.throws(() => readLoaderFile(file, 'bl702'), /bflb-iot-tool-1\.0\.0\.tar\.gz: a tar archive without a file ending in bl702\/eflash_loader\/eflash_loader_32m\.bin/);
});
