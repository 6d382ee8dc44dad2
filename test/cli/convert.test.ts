import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath, samplePath, noCorpus } from '../support/paths.js';
import { runCli, runCliJson } from '../support/cli.js';
import { unpackRbl } from '../../src/formats/convert/beken-ota.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-convert-'));
const out = (name: string) => join(dir, name);

const subcommands = ['ua', 'qio', 'restore', 'unrotate', 'decrypt', 'encrypt', 'rbl-pack', 'rbl-unpack', 'ug-wrap', 'ug-unwrap'];

for (const sub of subcommands) {
  test(`convert ${sub} --help shows an example`, () => {
    const r = runCli(['convert', sub, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, new RegExp(`Examples:\\n\\s+fwkit convert ${sub} `));
    assert.match(r.stdout, /--force/);
  });
}

test('convert ua of the sample QIO equals the sample UA; the JSON names the result', () => {
  const r = runCliJson<{ kind: string; family: string; app: string; forced: string[] }>(['convert', 'ua', samplePath('bk7231n-qio.bin'), '-o', out('ua.bin')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([r.json.kind, r.json.family, r.json.app, r.json.forced], ['ua', 'BK7231N', 'bk7231n_fwkit_sample_plug', []]);
  assert.deepEqual(readFileSync(out('ua.bin')), readFileSync(samplePath('bk7231n-ua.bin')));
});

test('convert qio of the sample UA with the bootloader of the sample QIO rebuilds that QIO; a restore image gives its UA back', () => {
  const r = runCli(['convert', 'qio', samplePath('bk7231n-ua.bin'), '--bootloader', samplePath('bk7231n-qio.bin'), '-o', out('qio.bin')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(out('qio.bin')), readFileSync(samplePath('bk7231n-qio.bin')));
  assert.equal(runCli(['convert', 'restore', samplePath('bk7231n-dump.bin'), '-o', out('restore.bin')]).status, 0);
  assert.equal(runCli(['convert', 'ua', out('restore.bin'), '-o', out('ua-from-restore.bin')]).status, 0);
  assert.deepEqual(readFileSync(out('ua-from-restore.bin')), readFileSync(samplePath('bk7231n-ua.bin')));
});

test('a damaged dump is refused with its problems named, and converted with --force', () => {
  const refused = runCli(['convert', 'ua', samplePath('bk7231n-damaged-dump.bin'), '-o', out('damaged-ua.bin')]);
  assert.equal(refused.status, 5);
  assert.match(refused.stderr, /bk7231n-damaged-dump\.bin: the app fails its CRC in 3 blocks at 0x13200, 0x141F0, 0x15202.*pass --force to convert anyway/);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(out('damaged-ua.bin')), false);
  const forced = runCliJson<{ forced: string[] }>(['convert', 'ua', samplePath('bk7231n-damaged-dump.bin'), '-o', out('damaged-ua.bin'), '--force']);
  assert.equal(forced.status, 0);
  assert.ok(forced.json.forced.some((p) => /fails its CRC in 3 blocks/.test(p)));
  assert.match(forced.stderr, /warning \(--force\): .*damaged-ua\.bin: the app fails its CRC/);
});

test('wrong family: a Bouffalo file, a --family mismatch and a T app over an N bootloader are refused', { skip: noCorpus }, () => {
  const bl = runCli(['convert', 'ua', corpusPath('bouffalo/bl602_sdk_build/whole_flash_data.bin'), '-o', out('bl.bin')]);
  assert.equal(bl.status, 3);
  assert.match(bl.stderr, /whole_flash_data\.bin: at offset 0x0: the file is a Bouffalo BL602 file \(merged-image\), not a Beken image with an app/);
  const family = runCli(['convert', 'ua', samplePath('bk7231n-dump.bin'), '--family', 'BK7231T', '-o', out('f.bin')]);
  assert.equal(family.status, 5);
  assert.match(family.stderr, /it is a BK7231N image, not BK7231T/);
  const unpacked = runCli(['convert', 'rbl-unpack', samplePath('bk7231n-app.rbl'), '--family', 'BK7231T', '-o', out('f2.bin')]);
  assert.equal(unpacked.status, 5);
  assert.match(unpacked.stderr, /bk7231n-app\.rbl: it is a BK7231N image, not BK7231T; pass --force/);
  const tUa = runCli(['convert', 'ua', samplePath('bk7231t-dump.bin'), '-o', out('t-ua.bin')]);
  assert.equal(tUa.status, 0, tUa.stderr);
  const mixed = runCli(['convert', 'qio', out('t-ua.bin'), '--bootloader', samplePath('bk7231n-dump.bin'), '-o', out('mixed.bin')]);
  assert.equal(mixed.status, 5);
  assert.match(mixed.stderr, /the app is built for BK7231T but the bootloader is a BK7231N one/);
});

test('an existing output is kept unless --overwrite', () => {
  writeFileSync(out('taken.bin'), 'keep');
  const r = runCli(['convert', 'ua', samplePath('bk7231n-qio.bin'), '-o', out('taken.bin')]);
  assert.equal(r.status, 5);
  assert.match(r.stderr, /already exists/);
  assert.equal(readFileSync(out('taken.bin'), 'utf8'), 'keep');
  assert.equal(runCli(['convert', 'ua', samplePath('bk7231n-qio.bin'), '-o', out('taken.bin'), '--overwrite']).status, 0);
});

test('sample: decrypt -> encrypt, RBL unpack -> pack -> unpack, UG wrap -> unwrap', () => {
  assert.equal(runCli(['convert', 'decrypt', samplePath('bk7231n-ua.bin'), '-o', out('plain.bin')]).status, 0);
  const encrypted = runCliJson<{ key: string }>(['convert', 'encrypt', out('plain.bin'), '--timestamp', '1', '-o', out('ua2.bin')]);
  assert.equal(encrypted.status, 0, encrypted.stderr);
  assert.equal(encrypted.json.key, '510fb093 a3cbeadc 5993a17e c7adeb03');
  const ua = readFileSync(samplePath('bk7231n-ua.bin'));
  assert.deepEqual(readFileSync(out('ua2.bin')).subarray(0, ua.length - 102), ua.subarray(0, ua.length - 102));

  assert.equal(runCli(['convert', 'rbl-unpack', samplePath('bk7231n-app.rbl'), '-o', out('rbl-plain.bin')]).status, 0);
  assert.equal(runCli(['convert', 'rbl-pack', out('rbl-plain.bin'), '--fw-version', '1.0.0', '-o', out('again.rbl')]).status, 0);
  assert.deepEqual(unpackRbl(new Uint8Array(readFileSync(out('again.rbl')))).bytes, new Uint8Array(readFileSync(out('rbl-plain.bin'))));

  const ug = runCliJson<{ version: string }>(['convert', 'ug-wrap', samplePath('bk7231n-app.rbl'), '-o', out('app.ug')]);
  assert.equal(ug.status, 0, ug.stderr);
  assert.equal(runCli(['convert', 'ug-unwrap', out('app.ug'), '-o', out('back.rbl')]).status, 0);
  assert.deepEqual(readFileSync(out('back.rbl')), readFileSync(samplePath('bk7231n-app.rbl')));
});

test('bad options and wrong kinds get one sentence each', () => {
  const notPlain = runCli(['convert', 'encrypt', samplePath('bk7231n-ua.bin'), '-o', out('x.bin')]);
  assert.equal(notPlain.status, 3);
  assert.match(notPlain.stderr, /bk7231n-ua\.bin: the file is a Beken ua of a BK7231N, not a plain app/);
  const badKey = runCli(['convert', 'rbl-pack', samplePath('bk7231n-ua.bin'), '--aes-key', 'short', '-o', out('y.rbl')]);
  assert.equal(badKey.status, 2);
  assert.match(badKey.stderr, /--aes-key must be 32 ASCII characters or 64 hex digits, not 5 characters/);
  const notUg = runCli(['convert', 'ug-unwrap', samplePath('bk7231n-app.rbl'), '-o', out('z.rbl')]);
  assert.equal(notUg.status, 3);
  assert.match(notUg.stderr, /the file is a Beken rbl of a BK7231N, not a Tuya UG file/);
  const notRotated = runCli(['convert', 'unrotate', samplePath('bk7231n-dump.bin'), '-o', out('r.bin')]);
  assert.equal(notRotated.status, 3);
  assert.match(notRotated.stderr, /not a rotated dump: there is nothing to un-rotate/);
});

test('decrypt --trailer-out -> encrypt --trailer-from gives back the stored app byte for byte; the facts come from a sidecar, the JSON or the original', () => {
  const d = runCliJson<{ trailer: { header: string; name: string; version: string; sn: string; timestamp: number }; trailerOut: string }>(
    ['convert', 'decrypt', samplePath('bk7231n-ua.bin'), '-o', out('tf-plain.bin'), '--trailer-out', out('tf-trailer.json')],
  );
  assert.equal(d.status, 0, d.stderr);
  assert.equal(d.json.trailerOut, out('tf-trailer.json'));
  assert.deepEqual([d.json.trailer.name, d.json.trailer.header.length, d.json.trailer.header.slice(0, 8)], ['app', 192, '52424c00']);
  const sidecar = JSON.parse(readFileSync(out('tf-trailer.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(sidecar, { format: 'fwkit-beken-app-trailer', ...d.json.trailer });
  writeFileSync(out('tf-decrypt.json'), JSON.stringify(d.json));
  const ua = readFileSync(samplePath('bk7231n-ua.bin'));
  for (const [i, from] of [out('tf-trailer.json'), out('tf-decrypt.json'), samplePath('bk7231n-ua.bin')].entries()) {
    const e = runCli(['convert', 'encrypt', out('tf-plain.bin'), '--trailer-from', from, '-o', out(`tf-ua${i}.bin`)]);
    assert.equal(e.status, 0, e.stderr);
    assert.deepEqual(readFileSync(out(`tf-ua${i}.bin`)), ua);
  }
  const again = runCli(['convert', 'decrypt', samplePath('bk7231n-ua.bin'), '-o', out('tf-plain2.bin'), '--trailer-out', out('tf-trailer.json')]);
  assert.equal(again.status, 5);
  assert.match(again.stderr, /tf-trailer\.json: already exists; fwkit will not overwrite it/);
  assert.equal(existsSync(out('tf-plain2.bin')), false);
  const bad = runCli(['convert', 'encrypt', out('tf-plain.bin'), '--trailer-from', out('tf-plain.bin'), '-o', out('tf-bad.bin')]);
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /--trailer-from .*tf-plain\.bin: the file is a Beken app of a BK7231N, which holds no app partition/);
});
