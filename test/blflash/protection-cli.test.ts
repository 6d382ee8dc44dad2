/**
 * Bouffalo chips whose flash cannot be read out, played by `fwkit emulate --chip bl602|bl702|bl616` and met
 * by the CLI: eFuse secure boot (read-out forbidden), a dead flash (JEDEC 000000 / FFFFFF) and a JEDEC read
 * that fails (error reply, no reply). Each stops with one plain diagnosis, its exit code, no stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { runCliAsync, type AsyncCliResult } from './support/pty-chip.js';
import { syntheticLoader } from './support/synthetic-loader.js';
import { RomImageLoader, RomRefusal } from '../../src/flash/emulator/bouffalo-rom.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-blprotect-'));
const image = join(dir, 'flash.bin');
writeFileSync(image, new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff));
const loader = join(dir, 'loader.bin');
writeFileSync(loader, syntheticLoader('placeholder'));

/** Runs `fwkit <command...> --chip <chip> --port <emulator> --loader <synthetic>` against `fwkit emulate --chip <chip> ... --instant`. */
async function against(chip: string, emulation: string[], command: string[]): Promise<AsyncCliResult & { out: string }> {
  const emu = await startEmulatorProcess(['--chip', chip, '--image', image, ...emulation, '--instant']);
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.bin`);
  try {
    const args = [...command.map((arg) => (arg === 'OUT' ? out : arg)), '--chip', chip, '--port', emu.port, '--loader', loader, '--offline'];
    return { ...(await runCliAsync(args, { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir })), out };
  } finally {
    await emu.stop();
  }
}

function assertPlainFailure(result: AsyncCliResult, code: number): void {
  assert.equal(result.status, code, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/, 'no stack trace');
}

const JEDEC = /: the SPI flash does not answer \(JEDEC read failure\)\. Power-cycle the board from a 3\.3 V supply that gives 300 mA; .*; a lower --baud does not help here$/m;

test('BL702 with eFuse secure boot: the read is refused before any loader is sent, saying the flash cannot be read out', async () => {
  const r = await against('bl702', ['--read-protected'], ['flash', 'read', 'OUT', '--length', '0x10000']);
  assertPlainFailure(r, 5);
  assert.match(r.stderr, /^fwkit: this BL702 has secure boot in its eFuse \(image signing \(type 1\) and flash encryption \(type 1\)\): its boot ROM runs only images signed with the keys burnt into this chip, so no eflash_loader can be started and the flash cannot be read out over UART/m);
  assert.match(r.stderr, /Power, baud rate and wiring do not change this/);
  assert.equal(existsSync(r.out), false);
});

test('the emulated ROM itself refuses a plain loader on a chip whose eFuse enforces encryption or signing (IMG_BOOTHEADER_*_NOTFIT)', () => {
  const header = syntheticLoader('placeholder').subarray(0, 176);
  const refusal = (efuse: { signType: number; encrypted: number }) => {
    try {
      new RomImageLoader(efuse).bootHeader(header);
      return 0;
    } catch (error) {
      return (error as RomRefusal).code;
    }
  };
  assert.equal(refusal({ signType: 0, encrypted: 0 }), 0);
  assert.equal(refusal({ signType: 0, encrypted: 1 }), 0x0205);
  assert.equal(refusal({ signType: 1, encrypted: 0 }), 0x0206);
});

test('dead flash: JEDEC 000000 on a BL702 and FFFFFF on a BL602, each with the hint for its chip', async () => {
  const zero = await against('bl702', ['--flash-id', '000000'], ['flash', 'read', 'OUT', '--length', '0x10000']);
  assertPlainFailure(zero, 4);
  assert.match(zero.stderr, /^fwkit: the eflash_loader runs but reads flash id 000000: /m);
  assert.match(zero.stderr, JEDEC);
  assert.match(zero.stderr, /BL702 modules with an external flash/);
  const ones = await against('bl602', ['--flash-id', 'FFFFFF'], ['flash', 'read', 'OUT', '--length', '0x10000']);
  assertPlainFailure(ones, 4);
  assert.match(ones.stderr, /^fwkit: the eflash_loader runs but reads flash id FFFFFF: /m);
  assert.match(ones.stderr, /newer BL602\/BL604 chip revisions carry a flash that older eflash_loaders do not know, so try a newer eflash_loader with --loader/);
  assert.equal(existsSync(ones.out), false);
});

test('JEDEC read failures: an FL reply and no reply (the handshake still answered) are told apart', async () => {
  const error = await against('bl702', ['--flash-id-fails', 'error'], ['flash', 'read', 'OUT', '--length', '0x10000']);
  assertPlainFailure(error, 4);
  assert.match(error.stderr, /^fwkit: the eflash_loader runs but its flash id read \(flash_read_jid\) keeps failing with FL0001 FLASH_INIT \(4 attempts\)/m);
  assert.match(error.stderr, JEDEC);
  const silent = await against('bl702', ['--flash-id-fails', 'silent'], ['flash', 'read', 'OUT', '--length', '0x10000']);
  assertPlainFailure(silent, 4);
  assert.match(silent.stderr, /^fwkit: the eflash_loader runs but its flash id read \(flash_read_jid\) gets no reply, though the handshake in between is answered \(4 attempts\)/m);
  assert.match(silent.stderr, JEDEC);
  assert.doesNotMatch(silent.stderr, /stopped answering/, 'not blamed on the line');
});

test('BL616: flash info meets the JEDEC failure through the ROM flash commands', async () => {
  const r = await against('bl616', ['--flash-id-fails', 'error'], ['flash', 'info']);
  assertPlainFailure(r, 4);
  assert.match(r.stderr, /^fwkit: the BL616\/BL618 boot ROM answers but its flash id read \(flash_read_jid\) keeps failing with FL0001/m);
  assert.match(r.stderr, /flash pin setting comes from the eFuse word/);
});
