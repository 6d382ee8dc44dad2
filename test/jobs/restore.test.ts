import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { corpusPath, samplePath, noCorpus, readCorpus } from '../support/paths.js';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { runCliAsync, startBouffaloOnPty } from '../blflash/support/pty-chip.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-restore-'));
const FAST = ['--baud', '2000000'];
const bins = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.bin'));

test('after a failed write, `fwkit backups` names the backup and `fwkit flash restore` puts the whole flash back', { skip: noCorpus }, async () => {
  const original = samplePath('bk7231n-dump.bin');
  const target = join(dir, 'chip.bin');
  copyFileSync(original, target);
  chmodSync(target, 0o644);
  const file = corpusPath('beken', 'Kanlux_33643_S_GU10_RGBCCT_Bulb.bin');
  const backups = join(dir, 'backups');
  let emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', target, '--instant', '--save', '--stop-after', '1000']);
  try {
    // another device's dump: the gate asks for both flags (its bootloader region differs, its identity too)
    const cut = runCli(['flash', 'write', '--port', emu.port, ...FAST, file, '--backup-dir', backups, '--overwrite-bootloader', '--keep-identity'], { timeoutMs: 120_000 });
    assert.equal(cut.status, 4, cut.stderr);
  } finally {
    await emu.stop();
  }
  assert.ok(!readFileSync(target).equals(readFileSync(original)), 'the flash is half written');

  const listed = runCli(['backups', '--backup-dir', backups, '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  const { devices } = JSON.parse(listed.stdout) as { devices: Array<{ family: string; mac: string | null; backups: Array<{ file: string }> }> };
  assert.equal(devices.length, 1);
  assert.equal(devices[0]!.family, 'BK7231N');
  assert.equal(devices[0]!.backups.length, 1);
  const backup = devices[0]!.backups[0]!.file;
  assert.ok(readFileSync(backup).equals(readFileSync(original)), 'the listed backup is the flash before the write');
  const table = runCli(['backups', '--backup-dir', backups]);
  assert.match(table.stdout, /BK7231N/);
  assert.match(table.stdout, /1 device\(s\) in /);

  emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', target, '--instant', '--save']);
  try {
    // the failed write reached the bootloader region, so putting the backup's back is asked for by name
    const refused = runCli(['flash', 'restore', backup, '--port', emu.port, ...FAST, '--backup-dir', backups, '--json'], { timeoutMs: 120_000 });
    assert.equal(refused.status, 5, refused.stderr);
    assert.match(refused.stderr, /bootloader region \(0x0-0x10FFF\) differs from the one in .*pass --overwrite-bootloader/);
    const restored = runCli(['flash', 'restore', backup, '--port', emu.port, ...FAST, '--backup-dir', backups, '--overwrite-bootloader', '--json'], { timeoutMs: 120_000 });
    assert.equal(restored.status, 0, restored.stderr);
    const summary = JSON.parse(restored.stdout);
    assert.equal(summary.restored, true);
    assert.equal(summary.backup, backup, 'the backup from before the failed write stays the one named');
    assert.ok(summary.bytesWritten > 0 && summary.bytesSkipped > 0, 'only what differs is written');
    assert.match(restored.stderr, /replaces the interrupted write/);
    assert.deepEqual(bins(backups), [backup.split('/').pop()], 'no backup of the half-written flash');
    assert.equal(existsSync(join(backups, 'pending-write.json')), false);

    const notWhole = runCli(['flash', 'restore', samplePath('bk7231n-ua.bin'), '--port', '/dev/null', '--backup-dir', backups]);
    assert.equal(notWhole.status, 3, notWhole.stderr);
    assert.match(notWhole.stderr, /a restore needs a whole-flash backup, but this is a ua file/);
  } finally {
    await emu.stop();
  }
  assert.ok(readFileSync(target).equals(readFileSync(original)), 'the whole flash is the backup again');
});

test('Bouffalo: restore puts a whole-flash backup back after a firmware write, writing only the blocks that differ', { skip: noCorpus }, async () => {
  const dump = readCorpus('bouffalo', 'bl602_openbeken_full.bin');
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice() });
  const loader = join(dir, 'eflash_loader_40m.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  const backups = join(dir, 'bl-backups');
  const base = ['--chip', 'bl602', '--port', emu.hostPath, '--loader', loader, '--baud', '2000000', '--backup-dir', backups, '--json'];
  const env = { PATH: process.env.PATH, HOME: dir };
  try {
    const write = await runCliAsync(['flash', 'write', corpusPath('bouffalo/bl602_sdk_build/img.bin'), ...base], env);
    assert.equal(write.status, 0, write.stderr);
    const backup = JSON.parse(write.stdout).backup as string;
    assert.ok(!Buffer.from(emu.chip.flashImage).equals(Buffer.from(dump)));
    const restored = await runCliAsync(['flash', 'restore', backup, ...base, '--no-backup'], env);
    assert.equal(restored.status, 0, restored.stderr);
    const summary = JSON.parse(restored.stdout);
    assert.equal(summary.kind, 'whole-flash');
    assert.ok(summary.bytesSkipped > 0 && summary.bytesWritten > 0 && summary.bytesWritten < dump.length, `${summary.bytesWritten} bytes written`);
    assert.ok(Buffer.from(emu.chip.flashImage).equals(Buffer.from(dump)), 'the flash is the backup again');
  } finally {
    await emu.close();
  }
});
