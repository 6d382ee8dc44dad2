import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { corpusPath, samplePath, noCorpus } from '../support/paths.js';
import { writableCopy } from '../support/files.js';
import { startEmulatorProcess } from './support/emulator-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-flash-cli-'));
const FAST = ['--baud', '2000000'];

const imageCopy = (source: string, file: string) => writableCopy(dir, source, file);

function bytes(path: string): Buffer {
  return readFileSync(path);
}

function oneSentence(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return lines[lines.length - 1]!;
}

test('a port that does not exist: exit 4 and one sentence naming it', () => {
  const r = runCli(['flash', 'info', '--port', '/dev/fwkit-missing']);
  assert.equal(r.status, 4);
  assert.match(oneSentence(r.stderr), /\/dev\/fwkit-missing: no such serial port/);
});

test('a path that is not a serial port: exit 4', () => {
  const r = runCli(['flash', 'info', '--port', samplePath('bk7231n-ua.bin'), '--link-timeout', '2']);
  assert.equal(r.status, 4);
  assert.match(oneSentence(r.stderr), /not a serial port|cannot be opened/);
});

test('a device not in download mode: asks for a reset, then ends with what to check', async () => {
  const image = imageCopy(samplePath('bk7231n-dump.bin'), 'app-mode.bin');
  const emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--window', '0', '--no-app-reboot', '--instant']);
  try {
    const r = runCli(['flash', 'info', '--port', emu.port, '--link-timeout', '4']);
    assert.equal(r.status, 4);
    assert.match(r.stderr, /reset the device now/);
    assert.match(oneSentence(r.stderr), /neither a Beken nor a Bouffalo \(BL602\/BL702\) chip answered on .* within 4 s: check the wiring/);
    const beken = runCli(['flash', 'info', '--chip', 'bk7231n', '--port', emu.port, '--link-timeout', '2']);
    assert.equal(beken.status, 4);
    assert.match(oneSentence(beken.stderr), /no Beken chip answered on .* within 2 s \(at 115200 baud, and now and then at 2000000, 1500000, 921600, 460800 for a chip left at a transfer rate\): check the wiring/);
  } finally {
    await emu.stop();
  }
});

test('info and a whole-flash read of a BK7231T corpus dump through the CLI, bytes identical', { skip: noCorpus }, async () => {
  const source = corpusPath('beken', 'Biltema_24264_A15_E27_CCT_Mini-Globe_Bulb.bin');
  const emu = await startEmulatorProcess(['--chip', 'bk7231t', '--image', imageCopy(source, 't.bin'), '--instant']);
  try {
    const info = runCli(['flash', 'info', '--port', emu.port, ...FAST, '--json']);
    assert.equal(info.status, 0, info.stderr);
    const chip = JSON.parse(info.stdout);
    assert.equal(chip.family, 'BK7231T');
    assert.equal(chip.protocol, 'bootloader');
    assert.equal(chip.bootVersion, 'BK7231S_1.0.6');
    const out = join(dir, 't-read.bin');
    const r = runCli(['flash', 'read', '--port', emu.port, ...FAST, out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).length, 0x200000);
    assert.ok(bytes(out).equals(bytes(source)), 'identical, physical order');
    const again = runCli(['flash', 'read', '--port', emu.port, ...FAST, out]);
    assert.equal(again.status, 5, 'an existing output is not overwritten');
  } finally {
    await emu.stop();
  }
});

test('write a UA, read it back; a wrong-family file is refused before anything is written', async () => {
  const image = imageCopy(samplePath('bk7231n-dump.bin'), 'n.bin');
  const emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--instant']);
  const backups = join(dir, 'backups-n');
  try {
    const wrong = runCli(['flash', 'write', '--port', emu.port, ...FAST, samplePath('bk7231t-dump.bin'), '--backup-dir', backups]);
    assert.equal(wrong.status, 5);
    assert.match(oneSentence(wrong.stderr), /built for BK7231T, but the chip is a BK7231N/);
    assert.equal(existsSync(backups), false, 'no backup was even started');

    const damaged = runCli(['flash', 'write', '--port', emu.port, ...FAST, samplePath('bk7231n-damaged-dump.bin'), '--backup-dir', backups]);
    assert.equal(damaged.status, 5);
    assert.match(oneSentence(damaged.stderr), /bk7231n-damaged-dump\.bin: not safe to write: .*pass --force-damaged/);

    const otherChip = runCli(['flash', 'info', '--port', emu.port, ...FAST, '--chip', 'bk7231t']);
    assert.equal(otherChip.status, 5);
    assert.match(oneSentence(otherChip.stderr), /the chip reports itself as BK7231N, not BK7231T as --chip says/);

    const ua = samplePath('bk7231n-ua.bin');
    const w = runCli(['flash', 'write', '--port', emu.port, ...FAST, ua, '--backup-dir', backups, '--json'], { timeoutMs: 120_000 });
    assert.equal(w.status, 0, w.stderr);
    const result = JSON.parse(w.stdout);
    assert.equal(result.kind, 'ua');
    assert.equal(result.offset, 0x11000);
    const [backup] = readdirSync(backups).filter((f) => f.endsWith('.bin'));
    assert.match(backup!, /^BK7231N_.*\.bin$/);
    assert.ok(bytes(join(backups, backup!)).equals(bytes(samplePath('bk7231n-dump.bin'))), 'the backup is the flash before the write');

    const out = join(dir, 'n-ua-back.bin');
    const r = runCli(['flash', 'read', '--port', emu.port, ...FAST, '--offset', '0x11000', '--length', String(Math.ceil(bytes(ua).length / 4096) * 4096), out]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(bytes(out).subarray(0, bytes(ua).length).equals(bytes(ua)), 'the UA reads back');

    const v = runCli(['flash', 'verify', '--port', emu.port, ...FAST, '--offset', '0x11000', ua, '--json']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(JSON.parse(v.stdout).identical, true);
  } finally {
    await emu.stop();
  }
});

test('a full image on a BK7231T is written from 0x11000, its bootloader part skipped', { skip: noCorpus }, async () => {
  const target = imageCopy(corpusPath('beken', 'Brilo_8464455_Ceiling_Light.bin'), 't-target.bin');
  const emu = await startEmulatorProcess(['--chip', 'bk7231t', '--image', target, '--instant', '--save']);
  const file = corpusPath('beken', 'Biltema_24264_A15_E27_CCT_Mini-Globe_Bulb.bin');
  try {
    // another device's dump: its identity goes along only when asked
    const w = runCli(['flash', 'write', '--port', emu.port, ...FAST, file, '--no-backup', '--backup-dir', join(dir, 'b-t'), '--replace-identity', '--json'], { timeoutMs: 120_000 });
    assert.equal(w.status, 0, w.stderr);
    const result = JSON.parse(w.stdout);
    assert.equal(result.offset, 0x11000);
    assert.match(result.notes[0], /bootloader region \(0x0-0x10FFF\) is left as it is: a BK7231T must keep its own bootloader/);
  } finally {
    await emu.stop();
  }
  const after = bytes(target);
  assert.ok(after.subarray(0x11000).equals(bytes(file).subarray(0x11000)), 'application region written');
  assert.ok(after.subarray(0, 0x11000).equals(bytes(corpusPath('beken', 'Brilo_8464455_Ceiling_Light.bin')).subarray(0, 0x11000)), 'own bootloader kept');
});

test('a write cut off by a chip that stops answering resumes with --resume after a power cycle', { skip: noCorpus }, async () => {
  const target = imageCopy(samplePath('bk7231n-dump.bin'), 'cut.bin');
  const file = corpusPath('beken', 'Kanlux_33643_S_GU10_RGBCCT_Bulb.bin');
  const backups = join(dir, 'b-cut');
  let emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', target, '--instant', '--save', '--stop-after', '1000']);
  try {
    const w = runCli(['flash', 'write', '--port', emu.port, ...FAST, file, '--backup-dir', backups, '--replace-identity', '--overwrite-bootloader'], { timeoutMs: 120_000 });
    assert.equal(w.status, 4, w.stderr);
    assert.match(oneSentence(w.stderr), /the write stopped at 0x[0-9A-F]+ .* only partly written.* --resume/);
  } finally {
    await emu.stop();
  }
  assert.ok(!bytes(target).subarray(0x11000).equals(bytes(file).subarray(0x11000)), 'half written');
  const refused = runCli(['flash', 'write', '--port', '/dev/null', file, '--backup-dir', backups]);
  assert.equal(refused.status, 5, 'a plain rerun is told to resume');
  emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', target, '--instant', '--save']);
  try {
    const w = runCli(['flash', 'write', '--port', emu.port, ...FAST, file, '--backup-dir', backups, '--resume', '--replace-identity', '--overwrite-bootloader', '--json'], { timeoutMs: 120_000 });
    assert.equal(w.status, 0, w.stderr);
    assert.ok(JSON.parse(w.stdout).bytesSkipped > 0);
  } finally {
    await emu.stop();
  }
  assert.ok(bytes(target).subarray(0x11000).equals(bytes(file).subarray(0x11000)), 'completed');
});

test('an interrupted read keeps its part and --resume completes it; erase empties a range and verify tells the difference', async () => {
  const source = samplePath('bk7231n-dump.bin');
  const image = imageCopy(source, 'read-cut.bin');
  const out = join(dir, 'read-cut-out.bin');
  let emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--instant', '--stop-after', '150']);
  try {
    const r = runCli(['flash', 'read', '--port', emu.port, ...FAST, out], { timeoutMs: 120_000 });
    assert.equal(r.status, 4, r.stderr);
    assert.match(oneSentence(r.stderr), /the read stopped at 0x[0-9A-F]+ .*--resume/);
    assert.equal(existsSync(out), false, 'no half file under the final name');
    assert.ok(existsSync(`${out}.partial`));
  } finally {
    await emu.stop();
  }
  emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--instant', '--save']);
  try {
    const r = runCli(['flash', 'read', '--port', emu.port, ...FAST, out, '--resume', '--json'], { timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).resumedFrom > 0);
    assert.ok(bytes(out).equals(bytes(source)));
    assert.equal(existsSync(`${out}.partial`), false);

    const refused = runCli(['flash', 'erase', '--port', emu.port, ...FAST, '--offset', '0', '--length', '0x1000']);
    assert.equal(refused.status, 5, 'the bootloader region needs --overwrite-bootloader');
    const e = runCli(['flash', 'erase', '--port', emu.port, ...FAST, '--offset', '0x10000', '--length', '0x20000', '--json', '--overwrite-bootloader']);
    assert.equal(e.status, 0, e.stderr);
    const v = runCli(['flash', 'verify', '--port', emu.port, ...FAST, source, '--json']);
    assert.equal(v.status, 1, 'a verify mismatch is a negative answer');
    const differing: number[] = JSON.parse(v.stdout).differingSectors;
    assert.ok(differing.length > 0 && differing.every((a) => a >= 0x10000 && a < 0x30000));
  } finally {
    await emu.stop();
  }
  const after = bytes(image);
  assert.ok(after.subarray(0x10000, 0x30000).every((b) => b === 0xff), 'erased');
  assert.ok(after.subarray(0x30000).equals(bytes(source).subarray(0x30000)), 'nothing else touched');
});
