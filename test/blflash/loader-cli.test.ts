import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { sha256Hex } from '../../src/flash/bouffalo/loader-source.js';
import { runCliAsync, startBouffaloOnPty } from './support/pty-chip.js';
import { serveFiles } from './support/loader-server.js';
import { syntheticLoader } from './support/synthetic-loader.js';
import { tarArchive } from './support/tar.js';

const SIZE = 1 << 20;

function patterned(): Uint8Array {
  const flash = new Uint8Array(SIZE);
  for (let i = 0; i < flash.length; i++) flash[i] = (i * 7 + (i >> 12)) & 0xff;
  return flash;
}

test('CLI: flash read on a BL602 with no loader installed fetches it from the (loopback) source once, then reads from the cache', async () => {
  const loader = syntheticLoader('placeholder', 6000);
  const archive = gzipSync(tarArchive([{ name: 'bflb-iot-tool-1.0.0/bflb_iot_tool/chips/bl602/eflash_loader/eflash_loader_40m.bin', data: loader }]));
  const server = await serveFiles({ '/bflb-iot-tool.tar.gz': archive });
  const flash = patterned();
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: flash.slice() });
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-loader-cli-'));
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CACHE_HOME: join(dir, 'cache'),
    FWKIT_BL602_LOADER_URL: `${server.url('/bflb-iot-tool.tar.gz')}#sha256=${sha256Hex(archive)}`,
  };
  const base = ['--chip', 'bl602', '-p', emu.hostPath, '--offset', '0x10000', '--length', '0x4000'];
  try {
    const first = await runCliAsync(['flash', 'read', join(dir, 'first.bin'), ...base], env);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /downloading the BL602 eflash_loader \(eflash_loader_40m\.bin\) from http:\/\/127\.0\.0\.1:\d+\/bflb-iot-tool\.tar\.gz \(\$FWKIT_BL602_LOADER_URL\)/);
    assert.match(first.stderr, /SHA-256 of the download matches \$FWKIT_BL602_LOADER_URL; eflash_loader_40m\.bin \(\d+ bytes\) cached as .*cache\/fwkit\/eflash_loader\/bl602-[0-9a-f]{16}-eflash_loader_40m\.bin/);
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'first.bin'))), flash.subarray(0x10000, 0x14000));
    assert.deepEqual(server.requests, ['/bflb-iot-tool.tar.gz']);
    const cached = readdirSync(join(dir, 'cache', 'fwkit', 'eflash_loader')).filter((name) => name.endsWith('.bin'));
    assert.equal(cached.length, 1);
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'cache', 'fwkit', 'eflash_loader', cached[0]!))), loader);

    // the server is gone: the cached copy is enough, and --offline is satisfied by it
    await server.close();
    const second = await runCliAsync(['flash', 'read', join(dir, 'second.bin'), ...base, '--offline'], env);
    assert.equal(second.status, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /downloading/);
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'second.bin'))), flash.subarray(0x10000, 0x14000));

    // a fresh cache and nothing listening: one sentence, exit 3, no stack trace
    const offline = await runCliAsync(['flash', 'read', join(dir, 'third.bin'), ...base], { ...env, XDG_CACHE_HOME: join(dir, 'empty-cache') });
    assert.equal(offline.status, 3);
    assert.match(
      offline.stderr,
      /^fwkit: no eflash_loader for BL602 on this machine and the download failed \(ECONNREFUSED\); fwkit wants eflash_loader_40m\.bin for BL602 from http:\/\/127\.0\.0\.1:\d+\/bflb-iot-tool\.tar\.gz \(bl602\/eflash_loader\/eflash_loader_40m\.bin inside it\): .*--loader <file>/m,
    );
    assert.doesNotMatch(offline.stderr, /\n\s+at /);
  } finally {
    await server.close().catch(() => undefined);
    await emu.close();
  }
});
