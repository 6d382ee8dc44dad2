import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFlashLayout } from '../../src/formats/bouffalo/flash-layout.js';
import { BouffaloClient } from '../../src/flash/bouffalo/client.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { corpusPath, noCorpus, readCorpus } from '../support/paths.js';
import { runCliAsync, startBouffaloOnPty } from './support/pty-chip.js';
import { syntheticLoader } from './support/synthetic-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-blflash-'));
const loaderFile = join(dir, 'eflash_loader_40m.bin');
writeFileSync(loaderFile, syntheticLoader('placeholder'));
const corpus = (name: string) => readCorpus('bouffalo', name);
// no vendor tools in the way: discovery sees only what a test gives it
const cleanEnv = { PATH: process.env.PATH, HOME: dir };

test('whole-flash reads of the BL602 corpus dumps through a pseudo-terminal are byte-exact', { skip: noCorpus }, async () => {
  for (const name of ['bl602_pinecone_factory.bin', 'bl602_openbeken_full.bin']) {
    const dump = corpus(name);
    const emu = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice() });
    const transport = await SerialTransport.open(emu.hostPath, 500_000);
    try {
      const client = new BouffaloClient(transport, { chip: 'bl602', romBaud: 500_000, loaderBaud: 2_000_000, reset: 'auto', loader: async () => ({ bytes: syntheticLoader(), source: 'synthetic' }) });
      const info = await client.connect();
      assert.equal(info.flashSize, dump.length);
      const read = await client.readFlash(0, info.flashSize);
      assert.ok(Buffer.from(read).equals(Buffer.from(dump)), `${name}: bytes identical`);
    } finally {
      await transport.close();
      await emu.close();
    }
  }
});

test('CLI: info, write of a raw firmware with a backup, identical rewrite, verify, erase', { skip: noCorpus }, async () => {
  const dump = corpus('bl602_openbeken_full.bin');
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice() });
  const base = ['--chip', 'bl602', '--port', emu.hostPath, '--loader', loaderFile, '--baud', '2000000', '--json'];
  try {
    const info = await runCliAsync(['flash', 'info', ...base], cleanEnv);
    assert.equal(info.status, 0, info.stderr);
    const facts = JSON.parse(info.stdout);
    assert.equal(facts.family, 'BL602');
    assert.equal(facts.romVersion, '0x1');
    assert.match(facts.chipId, /^0x[0-9a-f]{12}$/);
    assert.equal(facts.secureBoot, false);
    assert.match(facts.flashAccess, /eflash_loader/);

    const firmware = corpusPath('bouffalo/bl602_sdk_build/img.bin');
    const backups = join(dir, 'backups');
    const write = await runCliAsync(['flash', 'write', firmware, ...base, '--backup-dir', backups], cleanEnv);
    assert.equal(write.status, 0, write.stderr);
    const written = JSON.parse(write.stdout);
    assert.equal(written.kind, 'raw-firmware');
    assert.equal(written.offset, 0x10000);
    assert.ok(written.bytesWritten > 0);
    // boot2 would now find a valid firmware: header CRC and SHA-256 over the new image check out
    const layout = readFlashLayout(emu.chip.flashImage);
    assert.equal(layout.firmware?.image?.hash, 'ok');
    assert.equal(layout.firmware?.image?.check.headerCrc, 'ok');
    assert.equal(layout.firmware?.image?.header.imageLength, 588560);
    assert.ok(Buffer.from(emu.chip.flashImage.subarray(0x11000, 0x11000 + 588560)).equals(readFileSync(firmware)));
    const backupFiles = readdirSync(backups).filter((name) => name.endsWith('.bin'));
    assert.equal(backupFiles.length, 1);
    assert.ok(readFileSync(join(backups, backupFiles[0]!)).equals(Buffer.from(dump)), 'the backup is the flash before the write');

    const again = await runCliAsync(['flash', 'write', firmware, ...base, '--no-backup'], cleanEnv);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).bytesWritten, 0, 'an identical rewrite writes nothing');

    const slot = join(dir, 'slot.bin');
    writeFileSync(slot, emu.chip.flashImage.subarray(0x10000, 0x20000));
    const same = await runCliAsync(['flash', 'verify', slot, ...base, '--offset', '65536'], cleanEnv);
    assert.equal(same.status, 0, same.stderr);
    assert.equal(JSON.parse(same.stdout).identical, true);
    const differs = await runCliAsync(['flash', 'verify', slot, ...base, '--offset', '131072'], cleanEnv);
    assert.equal(differs.status, 1);
    assert.deepEqual(JSON.parse(differs.stdout).differingSectors, [0x20000]);

    const erase = await runCliAsync(['flash', 'erase', ...base, '--offset', '0x1e0000', '--length', '0x20000'], cleanEnv);
    assert.equal(erase.status, 0, erase.stderr);
    assert.equal(JSON.parse(erase.stdout).bytesErased, 2 * 0x10000);
    assert.ok(emu.chip.flashImage.subarray(0x1e0000).every((byte) => byte === 0xff));
  } finally {
    await emu.close();
  }
});

test('CLI: no loader, a corrupt loader, a Beken file, and an existing output file get one clear sentence each', { skip: noCorpus }, async () => {
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: corpus('bl602_pinecone_factory.bin').slice() });
  const base = ['--chip', 'bl602', '--port', emu.hostPath];
  try {
    const rom = await runCliAsync(['flash', 'info', ...base, '--json'], cleanEnv);
    assert.equal(rom.status, 0, `info needs no loader: ${rom.stderr}`);
    assert.equal(JSON.parse(rom.stdout).family, 'BL602');
    const missing = await runCliAsync(['flash', 'read', join(dir, 'no-loader.bin'), ...base, '--offline'], cleanEnv);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /^fwkit: --offline: no eflash_loader for BL602 .*eflash_loader_40m\.bin .*bflb-iot-tool-1\.0\.0\.tar\.gz.*--loader <file>/);

    const corrupt = join(dir, 'corrupt.bin');
    const bytes = syntheticLoader('sealed');
    bytes[176 + 16 + 5] ^= 0xff;
    writeFileSync(corrupt, bytes);
    const bad = await runCliAsync(['flash', 'read', join(dir, 'bad-loader.bin'), ...base, '--loader', corrupt], cleanEnv);
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /corrupt\.bin: not a usable eflash_loader image at offset 0xB8: segment 0 data CRC/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');

    const beken = corpusPath('beken/Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
    const refused = await runCliAsync(['flash', 'write', beken, ...base, '--loader', loaderFile, '--no-backup'], cleanEnv);
    assert.equal(refused.status, 5, refused.stderr);
    assert.match(refused.stderr, /Allegro_Berge_MI0014_30_x_5_cm_Milio\.bin: this is a Beken BK7231N file \(full-dump\); it cannot be written to a Bouffalo chip/);

    const out = join(dir, 'exists.bin');
    writeFileSync(out, 'x');
    const exists = await runCliAsync(['flash', 'read', out, ...base, '--loader', loaderFile], cleanEnv);
    assert.equal(exists.status, 5);
    assert.match(exists.stderr, /exists\.bin: already exists/);
    assert.ok(existsSync(out));
  } finally {
    await emu.close();
  }
});

test('CLI: a write cut off half way says so; a plain rerun is told to resume; --resume finishes it, skips what was done and keeps the first backup', { skip: noCorpus }, async () => {
  const dump = corpus('bl602_openbeken_full.bin');
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice(), faults: { stopAfterCommands: 700 } });
  const firmware = corpusPath('bouffalo/bl602_sdk_build/img.bin');
  const backups = join(dir, 'b-resume');
  const args = ['flash', 'write', firmware, '--chip', 'bl602', '--port', emu.hostPath, '--loader', loaderFile, '--backup-dir', backups, '--json'];
  try {
    const cut = await runCliAsync(args, cleanEnv);
    assert.equal(cut.status, 4, cut.stderr);
    assert.match(cut.stderr, /the write stopped after 0x[0-9A-F]+ \(no reply .*\); the flash is only partly written, so do not reboot the device: run the same command with --resume/);
    const first = readdirSync(backups).filter((name) => name.endsWith('.bin'));
    assert.equal(first.length, 1, 'one backup, taken before the first attempt');
    assert.ok(readFileSync(join(backups, first[0]!)).equals(Buffer.from(dump)), 'the backup is the flash before any write');
    emu.chip.powerCycle();
    const plain = await runCliAsync(args, cleanEnv);
    assert.equal(plain.status, 5, plain.stderr);
    assert.match(plain.stderr, /was interrupted; finish it with --resume/);
    const done = await runCliAsync([...args, '--resume'], cleanEnv);
    assert.equal(done.status, 0, done.stderr);
    const summary = JSON.parse(done.stdout);
    assert.ok(summary.bytesSkipped >= 0x10000, `${summary.bytesSkipped} bytes skipped`);
    assert.equal(summary.bytesWritten + summary.bytesSkipped, Math.ceil(summary.length / 4096) * 4096);
    assert.equal(summary.backup, join(backups, first[0]!), 'the resumed write names the first backup');
    assert.deepEqual(readdirSync(backups).filter((name) => name.endsWith('.bin')), first, 'no backup of half-written flash was added');
    assert.equal(existsSync(join(backups, 'pending-write.json')), false, 'the journal is gone after the write');
    assert.equal(readFlashLayout(emu.chip.flashImage).firmware?.image?.hash, 'ok');
  } finally {
    await emu.close();
  }
});
