/**
 * Bounded work on hostile files: a compressed payload stops inflating once it passes the size its
 * container declares (gzip inside RBL, XZ inside a Bouffalo OTA), and sizes in manifests past the
 * largest flash are usage errors before anything is allocated. "Bounded" is shown by the count of
 * bytes the inflater produced before it was stopped, never by a clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platform } from '../../src/platform/index.js';
import { gunzipWithin } from '../../src/formats/gunzip-within.js';
import { InflateLimitError } from '../../src/formats/inflate-limit.js';
import { LARGEST_FLASH } from '../../src/formats/largest-flash.js';
import { xzDeclaredSize } from '../../src/formats/xz-index.js';
import { decompressXz, inflateXzWithin } from '../../src/formats/bouffalo/ota-xz.js';
import { decodeRblFile, encodeRblHeader, RblCompress, RblCrypt, RBL_HEADER_SIZE } from '../../src/formats/beken/rbl.js';
import { crc32Ieee, fnv1a32 } from '../../src/formats/beken/checksums.js';
import { encodeOtaHeader, SDK_OTA_RESERVED } from '../../src/formats/bouffalo/ota-header.js';
import { sha256Of } from '../../src/formats/bytes.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../../src/formats/bouffalo/split.js';
import { runCli } from '../support/cli.js';
import { samplePath } from '../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-hostile-'));
const KiB = 1024;
const MiB = 1024 * KiB;

function lastLine(stderr: string): string {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return stderr.trim().split('\n').at(-1)!;
}

/** An unencrypted gzip RBL whose header declares `sizeRaw` bytes while the package inflates to `raw`. */
function rblDeclaring(raw: Uint8Array, sizeRaw: number): Uint8Array {
  const pkg = platform.gzip(raw, 9);
  const header = encodeRblHeader({
    crypt: RblCrypt.none,
    compress: RblCompress.gzip,
    timestamp: 0,
    name: 'app',
    version: '1.0.0',
    crc32: crc32Ieee(pkg),
    hash: fnv1a32(raw.subarray(0, sizeRaw)),
    sizeRaw,
    sizePackage: pkg.length,
  });
  const file = new Uint8Array(RBL_HEADER_SIZE + pkg.length);
  file.set(header);
  file.set(pkg, RBL_HEADER_SIZE);
  return file;
}

test('a gzip bomb stops soon after the limit: 8 MiB of zeros declared as 4 KiB', () => {
  const bomb = platform.gzip(new Uint8Array(8 * MiB), 9);
  assert.ok(bomb.length < 16 * KiB, 'a bomb: a few KiB that inflate to 8 MiB');
  const error = (() => {
    try {
      gunzipWithin(bomb, 4 * KiB);
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(error instanceof InflateLimitError, String(error));
  assert.equal(error.limit, 4 * KiB);
  assert.ok(error.produced > 4 * KiB && error.produced <= MiB, `stopped after ${error.produced} bytes, not 8 MiB`);
  // The same stream with an honest limit inflates in full.
  assert.equal(gunzipWithin(bomb, 8 * MiB).length, 8 * MiB);
});

test('an RBL whose gzip package inflates past its declared raw size: one sentence, inspect and rbl-unpack', () => {
  const file = rblDeclaring(new Uint8Array(MiB), 4 * KiB);
  assert.equal(decodeRblFile(file).problem, 'the gzip package inflates past the 4096 bytes the RBL header declares (raw size); unpacking stopped there');
  const path = join(dir, 'bomb.rbl');
  writeFileSync(path, file);
  const unpack = runCli(['convert', 'rbl-unpack', path, '-o', join(dir, 'bomb-app.bin')]);
  assert.equal(unpack.status, 3, unpack.stderr);
  assert.match(lastLine(unpack.stderr), /bomb\.rbl: .*the gzip package inflates past the 4096 bytes the RBL header declares \(raw size\); unpacking stopped there/);
  const inspect = runCli(['inspect', path]);
  assert.equal(inspect.status, 1, inspect.stderr);
  assert.match(inspect.stdout, /inflates past the 4096 bytes the RBL header declares/);
});

test('an RBL declaring more raw bytes than any flash holds is refused before inflating', () => {
  const file = rblDeclaring(new Uint8Array(4 * KiB), 4 * KiB);
  // Patch size_raw to 4 GiB - 1 and keep the header's own CRC right, so only the size is wrong.
  new DataView(file.buffer).setUint32(0x54, 0xffffffff, true);
  new DataView(file.buffer).setUint32(0x5c, crc32Ieee(file.subarray(0, 0x5c)), true);
  assert.equal(decodeRblFile(file).problem, `the RBL header declares a raw size of 4294967295 bytes, more than the largest flash (${LARGEST_FLASH} bytes) holds`);
});

/**
 * A one-block .xz stream built by hand, with no check: LZMA2 "uncompressed" chunks (no encoder needed),
 * and an index whose Uncompressed Size is `declared` (the truth unless a test lies).
 */
function xzStored(data: Uint8Array, declared = data.length): Uint8Array {
  const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  const varint = (n: number) => {
    const out: number[] = [];
    for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
    return [...out, n];
  };
  const cat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
  const pad4 = (bytes: Uint8Array) => cat(bytes, new Uint8Array((4 - (bytes.length % 4)) % 4));
  const flags = Uint8Array.of(0, 0); // check type: none
  const streamHeader = cat([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], flags, u32(platform.crc32(flags)));
  const blockFields = cat([2, 0x00, 0x21, 0x01, 0x00], [0, 0, 0]); // 12-byte header, one filter: LZMA2, 4 KiB dictionary
  const blockHeader = cat(blockFields, u32(platform.crc32(blockFields)));
  const chunks: number[][] = [];
  for (let at = 0; at < data.length; at += 0x10000) {
    const piece = data.subarray(at, at + 0x10000);
    chunks.push([at === 0 ? 0x01 : 0x02, (piece.length - 1) >> 8, (piece.length - 1) & 0xff, ...piece]);
  }
  const compressed = cat(...chunks, [0x00]);
  const block = pad4(cat(blockHeader, compressed));
  const indexFields = pad4(cat([0x00], varint(1), varint(blockHeader.length + compressed.length), varint(declared)));
  const index = cat(indexFields, u32(platform.crc32(indexFields)));
  const footerFields = cat(u32(index.length / 4 - 1), flags);
  return cat(streamHeader, block, index, u32(platform.crc32(footerFields)), footerFields, [0x59, 0x5a]);
}

function xzOta(payload: Uint8Array): Uint8Array {
  const header = encodeOtaHeader({ type: 'XZ', payloadLength: payload.length, reserved: SDK_OTA_RESERVED, hardwareVersion: 'hw', softwareVersion: 'sw', payloadSha256: sha256Of(payload) });
  const file = new Uint8Array(header.length + payload.length);
  file.set(header);
  file.set(payload, header.length);
  return file;
}

test('an honest .xz stream: its index gives its size, and it inflates to its bytes', async () => {
  const data = Uint8Array.from({ length: 200 * KiB }, (_, i) => (i * 31 + (i >> 10)) & 0xff);
  const xz = xzStored(data);
  assert.equal(xzDeclaredSize(xz), data.length);
  assert.deepEqual(await decompressXz(xz), data);
  // Stream padding after the footer is allowed by the format.
  assert.equal(xzDeclaredSize(Uint8Array.from([...xz, 0, 0, 0, 0])), data.length);
});

test('an .xz stream whose blocks hold more than its index declares stops soon after the declared size', async () => {
  const xz = xzStored(new Uint8Array(4 * MiB), 4 * KiB);
  const error = await inflateXzWithin(xz, xzDeclaredSize(xz)).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof InflateLimitError, String(error));
  assert.ok(error.produced > 4 * KiB && error.produced < 4 * MiB, `stopped after ${error.produced} bytes, not 4 MiB`);
  await assert.rejects(decompressXz(xz, 512), { problem: 'the XZ payload inflates past the 4096 bytes its index declares; unpacking stopped there', offset: 512 });
});

test('bl extract of an XZ OTA that inflates past its declared size, or declares more than any flash: one sentence, exit 3', () => {
  const lying = join(dir, 'lying.xz.ota');
  writeFileSync(lying, xzOta(xzStored(new Uint8Array(2 * MiB), 4 * KiB)));
  const r = runCli(['bl', 'extract', lying, 'firmware', '-o', join(dir, 'lying-fw.bin')]);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(lastLine(r.stderr), `fwkit: ${lying}: at offset 0x200: the XZ payload inflates past the 4096 bytes its index declares; unpacking stopped there`);
  const huge = join(dir, 'huge.xz.ota');
  writeFileSync(huge, xzOta(xzStored(new Uint8Array(4 * KiB), 0xffffffff)));
  const h = runCli(['bl', 'extract', huge, 'firmware', '-o', join(dir, 'huge-fw.bin')]);
  assert.equal(h.status, 3, h.stderr);
  assert.match(lastLine(h.stderr), /huge\.xz\.ota: at offset 0x200: the XZ stream's index declares 4294967295 bytes, more than the largest flash \(16777216 bytes\) holds/);
});

test('sizes in a bl split manifest or a TOML partition table past the largest flash: usage error before anything is read or allocated', () => {
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ format: MANIFEST_FORMAT, version: MANIFEST_VERSION, size: 0xffffffff, sha256: '00', files: [] }));
  const m = runCli(['bl', 'merge', '--manifest', manifest, '-o', join(dir, 'm.bin')]);
  assert.equal(m.status, 2, m.stderr);
  assert.match(lastLine(m.stderr), /manifest\.json: the manifest's "size" is 0xFFFFFFFF, past the largest flash any supported chip has \(0x1000000 bytes, 16 MiB\)/);

  const far = join(dir, 'far.json');
  const files = [{ file: 'missing.bin', address: 0xfffff000, length: 0x1000, sha256: '00', layout: true }];
  writeFileSync(far, JSON.stringify({ format: MANIFEST_FORMAT, version: MANIFEST_VERSION, size: 0x1000, sha256: '00', files }));
  const f = runCli(['bl', 'merge', '--manifest', far, '-o', join(dir, 'f.bin')]);
  assert.equal(f.status, 2, f.stderr);
  assert.match(lastLine(f.stderr), /far\.json: the end of files\[0\] \("missing\.bin", address \+ length\) is 0x100000000, past the largest flash/);

  const toml = join(dir, 'table.toml');
  writeFileSync(toml, '[pt_table]\n[[pt_entry]]\ntype = 0\nname = "FW"\naddress0 = 0x10000\nsize0 = 0xFFFFFFFF\n');
  const t = runCli(['bl', 'merge', '--boot2', samplePath('bl602-firmware.bin'), '--table', toml, '--firmware', samplePath('bl602-firmware.bin'), '-o', join(dir, 't.bin')]);
  assert.equal(t.status, 2, t.stderr);
  assert.match(lastLine(t.stderr), /table\.toml: pt_entry "FW": the end of slot 0 \(address0 \+ size0\) is 0x10000FFFF, past the largest flash/);

  const size = runCli(['bl', 'merge', '--manifest', manifest, '--size', '0xFFFFFFFF', '-o', join(dir, 's.bin')]);
  assert.equal(size.status, 2, size.stderr);
  assert.match(size.stderr, /^fwkit: --size 0xFFFFFFFF: out of range; give a size in bytes from 0x1 to 0x1000000$/m);
});
