import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { decodeRamImage } from '../../src/formats/bouffalo/ram-image.js';
import { checkLoaderImage } from '../../src/flash/bouffalo/loader-image.js';
import { findLocalLoader } from '../../src/flash/bouffalo/loader-discovery.js';
import { syntheticLoader } from './support/synthetic-loader.js';

test('a synthetic loader splits into its boot header and one segment with valid CRCs', () => {
  for (const style of ['sealed', 'placeholder'] as const) {
    const image = checkLoaderImage(syntheticLoader(style, 5000));
    assert.equal(image.segments.length, 1);
    assert.equal(image.segments[0]!.header.destination, 0x22010000);
    assert.equal(image.segments[0]!.header.length, 5000);
    assert.equal(image.trailing, 0);
  }
});

test('damaged loaders are refused with the offset of the problem', () => {
  const loader = syntheticLoader('sealed', 5000);
  const badHeader = loader.slice();
  badHeader[130] ^= 1; // inside the covered header bytes
  assert.throws(() => checkLoaderImage(badHeader), /0xAC: the boot header CRC/);
  const badData = loader.slice();
  badData[176 + 16 + 100] ^= 1;
  assert.throws(() => decodeRamImage(badData), /0xB8: segment 0 data CRC/);
  const badSegmentHeader = loader.slice();
  badSegmentHeader[176 + 2] ^= 1;
  assert.throws(() => checkLoaderImage(badSegmentHeader), /0xBC: segment 0 header CRC/);
  assert.throws(() => checkLoaderImage(new TextEncoder().encode('not a loader at all, just some text'.repeat(10))), /"BFNP"/);
  const truncated = loader.subarray(0, 3000);
  assert.throws(() => checkLoaderImage(truncated), /announces 5000 bytes/);
});

test('loader discovery: --loader, environment, bflb-mcu-tool install, gzip; nothing found is left to the download', () => {
  const root = mkdtempSync(join(tmpdir(), 'fwkit-loader-'));
  const home = join(root, 'home');
  mkdirSync(home);
  assert.equal(findLocalLoader('bl602', undefined, { env: {}, home }), undefined);

  const explicit = join(root, 'mine.bin');
  writeFileSync(explicit, syntheticLoader('sealed'));
  assert.match(findLocalLoader('bl602', explicit, { env: {}, home })!.source, /mine\.bin \(--loader\)/);
  assert.throws(() => findLocalLoader('bl602', join(root, 'missing.bin'), { env: {}, home }), /missing\.bin: no such loader file/);

  const gz = join(root, 'zipped.bin');
  writeFileSync(gz, gzipSync(syntheticLoader('placeholder')));
  const fromEnv = findLocalLoader('bl702', undefined, { env: { FWKIT_BL_LOADER: gz }, home })!;
  assert.match(fromEnv.source, /\$FWKIT_BL_LOADER/);
  assert.equal(fromEnv.bytes.length, syntheticLoader('placeholder').length);

  const installed = join(home, '.local/lib/python3.11/site-packages/bflb_mcu_tool/chips/bl602/eflash_loader');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(installed, 'eflash_loader_40m.bin'), syntheticLoader('placeholder'));
  assert.match(findLocalLoader('bl602', undefined, { env: {}, home })!.source, /bflb_mcu_tool\/chips\/bl602\/eflash_loader\/eflash_loader_40m\.bin/);
  assert.equal(findLocalLoader('bl702', undefined, { env: {}, home }), undefined);

  const corrupt = join(root, 'corrupt.bin');
  const bytes = syntheticLoader('sealed');
  bytes[200] ^= 0xff;
  writeFileSync(corrupt, bytes);
  assert.throws(() => findLocalLoader('bl602', corrupt, { env: {}, home }), /corrupt\.bin: not a usable eflash_loader image at offset 0xB8: segment 0 data CRC/);
});
