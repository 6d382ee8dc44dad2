/**
 * Beken chips whose flash cannot be read or written, played by `fwkit emulate` and met by the CLI as a
 * user would: each stops with one plain diagnosis, its exit code, no stack trace and no output file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { noCorpus, readCorpus } from '../support/paths.js';
import { startEmulatorProcess } from './support/emulator-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-protect-'));
const chipN = join(dir, 'n.bin');
writeFileSync(chipN, readCorpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin'));
const chipT = join(dir, 't.bin');
writeFileSync(chipT, readCorpus('beken', 'BK7231T_TuyaConfig_PC44HA.bin'));

/** Runs `fwkit <command...> --port <emulator>` against `fwkit emulate <emulation...> --instant`. */
async function against(emulation: string[], command: string[]): Promise<CliResult & { out: string; emulator: string }> {
  const emu = await startEmulatorProcess([...emulation, '--instant']);
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.bin`);
  try {
    const result = runCli([...command.map((arg) => (arg === 'OUT' ? out : arg)), '--port', emu.port, '--link-timeout', '10']);
    return { ...result, out, emulator: await emu.stop() };
  } catch (error) {
    await emu.stop();
    throw error;
  }
}

function assertPlainFailure(result: CliResult, code: number): void {
  assert.equal(result.status, code, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/, 'no stack trace');
}

const DEAD = /the chip talks, but its SPI flash does not respond \(not powered, held in reset, or damaged\)\. Power-cycle the device .*a lower --baud does not help here/;

test('flash id 000000: a read stops at identification with the dead-flash diagnosis', { skip: noCorpus }, async () => {
  const r = await against(['--chip', 'bk7231n', '--image', chipN, '--flash-id', '000000'], ['flash', 'read', 'OUT', '--length', '0x10000']);
  assertPlainFailure(r, 4);
  assert.match(r.stderr, /^fwkit: the flash answers id 000000: /m);
  assert.match(r.stderr, DEAD);
  assert.equal(existsSync(r.out), false, 'nothing written');
});

test('flash id FFFFFF: flash info says the same for the other dead level', { skip: noCorpus }, async () => {
  const r = await against(['--chip', 'bk7231n', '--image', chipN, '--flash-id', 'FFFFFF'], ['flash', 'info']);
  assertPlainFailure(r, 4);
  assert.match(r.stderr, /^fwkit: the flash answers id FFFFFF: /m);
  assert.match(r.stderr, DEAD);
});

test('GetMID answered with an SPI error status, or not at all, while LinkCheck works: the flash is named, the line is not blamed', { skip: noCorpus }, async () => {
  for (const how of ['error', 'silent']) {
    const r = await against(['--chip', 'bk7231n', '--image', chipN, '--flash-id-fails', how], ['flash', 'info']);
    assertPlainFailure(r, 4);
    const reason = how === 'error' ? 'GetMID failed with chip status 2 \\(SPI timeout\\)' : 'the chip did not answer GetMID in time';
    assert.match(r.stderr, new RegExp(`^fwkit: the flash id read \\(GetMID\\) failed 5 times \\(${reason}\\) while the chip answers its link check: `, 'm'));
    assert.match(r.stderr, DEAD);
    assert.doesNotMatch(r.stderr, /kept failing at|line is unreliable/, 'no step down: a lower rate does not help');
  }
});

test('read protection on a ROM chip (all 0x00 where the bootloader is): warned, and the read refused', { skip: noCorpus }, async () => {
  const r = await against(['--chip', 'bk7231n', '--image', chipN, '--read-protected'], ['flash', 'read', 'OUT', '--length', '0x20000']);
  assertPlainFailure(r, 4);
  assert.match(r.stderr, /^warning: the bootloader region 0x0-0x10FFF reads as all 0x00: .*read-protected or not powered properly: power-cycle .*cannot be read out over this link$/m);
  assert.match(r.stderr, /^fwkit: did not read: the chip returns all 0x00 where its bootloader must be \(read protection or a flash without power: see the warning above\), so there is nothing worth backing up$/m);
  assert.equal(existsSync(r.out), false);
});

test('bootloader chips: all-0x00 and all-0xFF reads stop identification with the uniform-read diagnosis', { skip: noCorpus }, async () => {
  const zeros = await against(['--chip', 'bk7231t', '--image', chipT, '--read-protected'], ['flash', 'read', 'OUT', '--chip', 'bk7231t']);
  assertPlainFailure(zeros, 4);
  assert.match(zeros.stderr, /^fwkit: the bootloader region 0x0-0x10FFF reads as all 0x00: .*read-protected or not powered properly/m);
  // a flash that does not answer at all reads as its pulled-up data line
  const ones = await against(['--chip', 'bk7231t', '--image', chipT, '--flash-id', 'FFFFFF'], ['flash', 'read', 'OUT', '--chip', 'bk7231t']);
  assertPlainFailure(ones, 4);
  assert.match(ones.stderr, /^fwkit: the bootloader region 0x0-0x10FFF reads as all 0xFF: either the flash is erased .* or reads are blocked; power-cycle the device and try again at a lower --baud/m);
  assert.equal(existsSync(ones.out), false);
});

test('protect bits that writes cannot clear (WP held low): the write stops before erasing, saying so', { skip: noCorpus }, async () => {
  const file = join(dir, 'data.bin');
  writeFileSync(file, new Uint8Array(0x2000).fill(0x5a));
  const r = await against(['--chip', 'bk7231n', '--image', chipN, '--status', '0x1C', '--status-locked'], ['flash', 'write', file, '--offset', '0x1F0000', '--no-backup', '--force-no-firmware']);
  assertPlainFailure(r, 4);
  assert.match(r.stderr, /^warning: the flash's protect bits are set \(status registers 0x001C\)/m);
  assert.match(r.stderr, /^fwkit: the flash stays write-protected \(status registers 0x001C after 5 clearing writes\): the status-register protect pin \(WP\) may be held low or the status register is locked until power-off \(SRP1\); power-cycle the device/m);
  assert.match(r.emulator, / 0 written, 0 erases/, 'nothing was erased or written');
});
