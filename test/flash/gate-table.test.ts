/**
 * The write gate's table, through the CLI and the chip emulators over real pseudo-terminals: (file kind ×
 * chip family × options) -> the exit code and, for every refusal, the flag its sentence names and the
 * emulator's flash byte for byte unchanged. One emulator session per chip serves many rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc16Cms } from '../../src/formats/beken/crc16.js';
import { runCliAsync, startBouffaloOnPty } from '../blflash/support/pty-chip.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';
import { corpusPath, samplePath, noCorpus } from '../support/paths.js';
import { startEmulatedChip } from './support/emulated-chip.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-gate-table-'));
const env = { PATH: process.env.PATH, HOME: dir };
const sample = (name: string) => new Uint8Array(readFileSync(samplePath(name)));
const loader = join(dir, 'eflash_loader_40m.bin');
writeFileSync(loader, syntheticLoader('placeholder'));

/** A file in the test folder made from bytes. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function edited(bytes: Uint8Array, edit: (copy: Uint8Array) => void): Uint8Array {
  const copy = bytes.slice();
  edit(copy);
  return copy;
}

/** The UA with one byte of its trailer header changed and the block's CRC-16 made to match again. */
const editedTrailerHeader = (ua: Uint8Array) =>
  edited(ua, (d) => {
    const block = d.length - 102;
    d[block + 20] ^= 1;
    const crc = crc16Cms(d, block, block + 32);
    d[block + 32] = crc >> 8;
    d[block + 33] = crc & 0xff;
  });

interface Row {
  name: string;
  args: string[];
  exit: number;
  /** The flag the refusal's sentence names (exit 5 rows). */
  names?: string;
  /** Text the last line of stderr (or stdout, for a success) must hold. */
  says?: RegExp;
}

function lastLine(text: string): string {
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
  return text.trim().split('\n').pop() ?? '';
}

/** What a write or restore takes besides the port: no backup (the rows are about the gate), a folder of its own. */
const writeOptions = ['--no-backup', '--backup-dir', join(dir, 'backups')];

/** Runs the rows against one emulator; after each refusal the flash must be the same bytes as before it. */
async function runRows(rows: Row[], base: string[], flash: () => Uint8Array): Promise<void> {
  for (const row of rows) {
    const before = flash().slice();
    const writes = row.args[1] === 'write' || row.args[1] === 'restore';
    const r = await runCliAsync([...row.args, ...base, ...(writes ? writeOptions : [])], env);
    assert.equal(r.status, row.exit, `${row.name}: ${r.stderr}`);
    if (row.exit !== 0) {
      assert.ok(Buffer.from(flash()).equals(Buffer.from(before)), `${row.name}: the flash is unchanged after the refusal`);
      const sentence = lastLine(r.stderr);
      if (row.names) assert.match(sentence, new RegExp(`pass ${row.names}\\b`), `${row.name}: names ${row.names}`);
      if (row.says) assert.match(sentence, row.says, row.name);
    } else if (row.says) assert.match(r.stdout, row.says, row.name);
  }
}

test('BK7231N: every unsafe write, erase and restore is refused with its flag and leaves the flash as it was', { skip: noCorpus }, async () => {
  const image = sample('bk7231n-dump.bin');
  const ua = sample('bk7231n-ua.bin');
  const emu = await startEmulatedChip({ family: 'BK7231N', image: image.slice() });
  const base = ['--port', emu.hostPath, '--baud', '2000000'];
  // this chip's dump with another MAC in its RF calibration sector: another device's identity
  const otherMac = file('n-other-mac.bin', edited(image, (d) => (d[0x1d0000 + 0x24 + 5] ^= 0x5a)));
  try {
    await runRows(
      [
        { name: 'a BK7231T dump on an N', args: ['flash', 'write', samplePath('bk7231t-dump.bin'), '--chip', 'bk7231n'], exit: 5, names: '--force-family', says: /built for BK7231T, but the chip is a BK7231N/ },
        { name: 'a T dump under --chip auto', args: ['flash', 'write', samplePath('bk7231t-dump.bin')], exit: 5, names: '--force-family' },
        { name: 'a damaged dump', args: ['flash', 'write', samplePath('bk7231n-damaged-dump.bin')], exit: 5, names: '--force-damaged' },
        { name: 'a QIO at the UA address', args: ['flash', 'write', samplePath('bk7231n-qio.bin'), '--offset', '0x11000'], exit: 5, names: '--force-offset', says: /belongs at 0x0/ },
        { name: 'a full dump at 0x11000', args: ['flash', 'write', samplePath('bk7231n-dump.bin'), '--offset', '0x11000'], exit: 5, names: '--force-offset' },
        { name: 'a UA at 0x0', args: ['flash', 'write', samplePath('bk7231n-ua.bin'), '--offset', '0'], exit: 5, names: '--force-offset', says: /belongs at 0x11000/ },
        { name: 'a UA forced to 0x0 over a ROM chip\'s bootloader', args: ['flash', 'write', samplePath('bk7231n-ua.bin'), '--offset', '0', '--force-offset'], exit: 5, names: '--overwrite-bootloader' },
        { name: 'raw bytes over the app', args: ['flash', 'write', file('raw.bin', new Uint8Array(0x2000).fill(0x42)), '--offset', '0x20000'], exit: 5, names: '--force-no-firmware' },
        { name: 'raw bytes without an address', args: ['flash', 'write', join(dir, 'raw.bin')], exit: 3, says: /pass --offset/ },
        { name: 'a UA with an edited trailer header', args: ['flash', 'write', file('ua-edited.bin', editedTrailerHeader(ua))], exit: 5, names: '--force-damaged', says: /trailer header is damaged/ },
        { name: 'a UA one sector too long', args: ['flash', 'write', file('ua-long.bin', (() => { const d = new Uint8Array(ua.length + 0x1000).fill(0xff); d.set(ua); return d; })())], exit: 5, names: '--force-damaged' },
        { name: 'another device\'s full dump (bootloader region differs)', args: ['flash', 'write', corpusPath('beken', 'Kanlux_33643_S_GU10_RGBCCT_Bulb.bin')], exit: 5, names: '--overwrite-bootloader', says: /bootloader region \(0x0-0x10FFF\) differs/ },
        { name: 'a dump with another MAC', args: ['flash', 'write', otherMac], exit: 5, names: '--keep-identity', says: /another device's identity \(MAC c8:47:8c:ac:3d:c3 where the chip has c8:47:8c:ac:3d:99\)/ },
        { name: 'restoring a dump with another MAC', args: ['flash', 'restore', otherMac], exit: 5, names: '--keep-identity' },
        { name: 'an OTA package', args: ['flash', 'write', samplePath('bk7231n-app.rbl')], exit: 3, says: /installed over the air/ },
        { name: 'a BL602 dump on a Beken chip', args: ['flash', 'write', samplePath('bl602-dump.bin'), '--chip', 'bk7231n'], exit: 5, says: /Bouffalo BL602 file .* cannot be written to a Beken chip/ },
        { name: 'an offset off the sector grid', args: ['flash', 'write', samplePath('bk7231n-ua.bin'), '--offset', '0x11001'], exit: 2 },
        { name: 'a mistyped offset', args: ['flash', 'write', samplePath('bk7231n-ua.bin'), '--offset', '0x'], exit: 2 },
        { name: 'an erase of the bootloader region', args: ['flash', 'erase', '--offset', '0', '--length', '0x1000'], exit: 5, names: '--overwrite-bootloader' },
        { name: 'an erase past the flash', args: ['flash', 'erase', '--offset', '0x1ff000', '--length', '0x2000'], exit: 2 },
        { name: 'an erase at a mistyped offset', args: ['flash', 'erase', '--offset', '0x', '--length', '0x1000'], exit: 2 },
        { name: 'a verify at a mistyped offset', args: ['flash', 'verify', samplePath('bk7231n-ua.bin'), '--offset', '0x'], exit: 2 },
        // what does go through: the chip's own identity kept, nothing written; a UA verified where a write puts it
        { name: 'the other-MAC dump with --keep-identity', args: ['flash', 'write', otherMac, '--keep-identity', '--json'], exit: 0, says: /"bytesWritten": 0/ },
        { name: 'verify of the UA the chip holds', args: ['flash', 'verify', samplePath('bk7231n-ua.bin')], exit: 0, says: /compared a UA image \(the app partition\) at 0x11000 \(0x11000-0x129FFF\) by CRC, identical/ },
        { name: 'verify of the whole dump leaves the bootloader region to the chip, as write does', args: ['flash', 'verify', samplePath('bk7231n-dump.bin')], exit: 0, says: /from 0x11000|at 0x11000/ },
      ],
      base,
      () => emu.chip.flash.data,
    );
    assert.ok(Buffer.from(emu.chip.flash.data).equals(Buffer.from(image)), 'after every row the flash is still the dump it started with');
    const replaced = await runCliAsync(['flash', 'write', otherMac, '--replace-identity', '--json', ...base, ...writeOptions], env);
    assert.equal(replaced.status, 0, replaced.stderr);
    assert.equal(JSON.parse(replaced.stdout).bytesWritten, 0x1000, 'only the RF calibration sector');
    assert.equal(emu.chip.flash.data[0x1d0000 + 0x24 + 5], image[0x1d0000 + 0x24 + 5]! ^ 0x5a);
  } finally {
    await emu.close();
  }
});

test('BK7231T: its bootloader is never written nor erased, whatever the flags; another family is refused', { skip: noCorpus }, async () => {
  const image = sample('bk7231t-dump.bin');
  const emu = await startEmulatedChip({ family: 'BK7231T', image: image.slice() });
  const base = ['--port', emu.hostPath, '--baud', '2000000'];
  try {
    await runRows(
      [
        { name: 'a full T dump with --overwrite-bootloader', args: ['flash', 'write', samplePath('bk7231t-dump.bin'), '--overwrite-bootloader'], exit: 5, says: /cannot be written over UART on this family; no flag allows it/ },
        { name: 'raw bytes at 0x0 with every flag', args: ['flash', 'write', join(dir, 'raw.bin'), '--offset', '0', '--overwrite-bootloader', '--force-no-firmware'], exit: 5, says: /no flag allows it/ },
        { name: 'an erase of the bootloader with the flag', args: ['flash', 'erase', '--offset', '0', '--length', '0x1000', '--overwrite-bootloader'], exit: 5, says: /no flag allows erasing it/ },
        { name: 'an N UA on a T', args: ['flash', 'write', samplePath('bk7231n-ua.bin')], exit: 5, names: '--force-family' },
        { name: 'its own dump goes back from 0x11000, the bootloader kept', args: ['flash', 'write', samplePath('bk7231t-dump.bin'), '--json'], exit: 0, says: /a BK7231T must keep its own bootloader/ },
      ],
      base,
      () => emu.chip.flash.data,
    );
    assert.ok(Buffer.from(emu.chip.flash.data).equals(Buffer.from(image)));
  } finally {
    await emu.close();
  }
});

test('BL602 and BL702: the same rules through the eflash_loader', { skip: noCorpus }, async () => {
  const dump = sample('bl602-dump.bin');
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice() });
  const base = ['--chip', 'bl602', '--port', emu.hostPath, '--loader', loader, '--baud', '2000000'];
  const firmwareEnd = 0x1d000;
  try {
    await runRows(
      [
        { name: 'a dump whose SHA-256 fails', args: ['flash', 'write', file('bl-hash.bin', edited(dump, (d) => (d[0x11000 + 100] ^= 1)))], exit: 5, names: '--force-damaged', says: /does not match the SHA-256/ },
        { name: 'a dump whose partition tables are erased', args: ['flash', 'write', file('bl-no-tables.bin', edited(dump, (d) => d.fill(0xff, 0xe000, 0x10000))), '--overwrite-bootloader'], exit: 5, names: '--force-damaged', says: /partition tables are erased/ },
        { name: 'an image without firmware', args: ['flash', 'write', file('bl-no-fw.bin', edited(dump, (d) => d.fill(0xff, 0x10000, firmwareEnd))), '--force-damaged', '--overwrite-bootloader'], exit: 5, names: '--force-no-firmware' },
        { name: 'a firmware away from the FW slot', args: ['flash', 'write', samplePath('bl602-firmware.bin'), '--offset', '0x80000'], exit: 5, names: '--force-offset', says: /belongs at 0x10000/ },
        { name: 'raw bytes in boot2\'s region', args: ['flash', 'write', join(dir, 'raw.bin'), '--offset', '0x1000'], exit: 5, names: '--overwrite-bootloader' },
        { name: 'a Beken dump', args: ['flash', 'write', samplePath('bk7231n-dump.bin')], exit: 5, says: /Beken BK7231N file .* cannot be written to a Bouffalo chip/ },
        { name: 'an OTA file', args: ['flash', 'write', samplePath('bl602-fw.ota')], exit: 3 },
        { name: 'an erase of boot2 and the tables', args: ['flash', 'erase', '--offset', '0xe000', '--length', '0x2000'], exit: 5, names: '--overwrite-bootloader' },
        { name: 'a mistyped offset', args: ['flash', 'write', join(dir, 'raw.bin'), '--offset', '0x'], exit: 2 },
        { name: 'the firmware verified in its slot', args: ['flash', 'verify', samplePath('bl602-firmware.bin')], exit: 0, says: /compared a firmware image with its boot header at 0x10000/ },
        { name: 'the whole dump written back: boot2 kept, nothing to write', args: ['flash', 'write', samplePath('bl602-dump.bin'), '--json'], exit: 0, says: /"bytesWritten": 0/ },
      ],
      base,
      () => emu.chip.flashImage,
    );
    assert.ok(Buffer.from(emu.chip.flashImage).equals(Buffer.from(dump)));
    // --chip auto finds the BL602 and the same gate refuses
    const auto = await runCliAsync(['flash', 'write', join(dir, 'bl-hash.bin'), '--chip', 'auto', '--port', emu.hostPath, '--loader', loader, '--baud', '2000000', ...writeOptions], env);
    assert.equal(auto.status, 5, auto.stderr);
    assert.match(lastLine(auto.stderr), /does not match the SHA-256.*pass --force-damaged/);
    assert.ok(Buffer.from(emu.chip.flashImage).equals(Buffer.from(dump)), 'unchanged under --chip auto');
    const erase = await runCliAsync(['flash', 'erase', '--all', ...base, '--json'], env);
    assert.equal(erase.status, 0, erase.stderr);
    assert.ok(Buffer.from(emu.chip.flashImage.subarray(0, 0x10000)).equals(Buffer.from(dump.subarray(0, 0x10000))), 'erase --all keeps boot2 and the partition tables');
    assert.ok(emu.chip.flashImage.subarray(0x10000).every((b) => b === 0xff));
  } finally {
    await emu.close();
  }
  const bl702 = await startBouffaloOnPty({ chip: 'bl702', flash: dump.slice() });
  try {
    const r = await runCliAsync(['flash', 'write', samplePath('bl602-dump.bin'), '--chip', 'bl702', '--port', bl702.hostPath, '--loader', loader, '--baud', '2000000', '--no-backup'], env);
    assert.equal(r.status, 5, r.stderr);
    assert.match(lastLine(r.stderr), /built for BL602, but the chip is a BL702.*pass --force-family/);
    assert.ok(Buffer.from(bl702.chip.flashImage).equals(Buffer.from(dump)));
  } finally {
    await bl702.close();
  }
});
