import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBootInfo } from '../../src/flash/bouffalo/boot-info.js';
import { Command } from '../../src/flash/bouffalo/commands.js';
import { encodeFrame, words } from '../../src/flash/bouffalo/frame.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { bouffaloGateChip, gateWrite, GateRefused } from '../../src/flash/gate/index.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { sha256Of } from '../../src/formats/bytes.js';
import { corpusPath, noCorpus } from '../support/paths.js';
import { BL616_FIRMWARE, bl616Flash, FW_SLOT } from './support/bl616-flash.js';
import { runCliAsync, startBouffaloOnPty } from './support/pty-chip.js';
import { syntheticLoader } from './support/synthetic-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-bl616-'));
const cleanEnv = { PATH: process.env.PATH, HOME: dir };
const firmware = noCorpus ? new Uint8Array(0) : new Uint8Array(readFileSync(BL616_FIRMWARE));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('boot info of a real BL616 (Sipeed M0S Dock, mkroman/bouffalo-cli issue 4): family, A0 marker, flash pins, chip id', () => {
  // the ROM version 102105089 and the 16 OTP bytes that issue prints in binary
  const payload = Uint8Array.from([0x01, 0x00, 0x16, 0x06, 0x00, 0x00, 0x01, 0x00, 0x27, 0x92, 0x80, 0x01, 0xdb, 0xf1, 0x49, 0xe0, 0xc2, 0xb4, 0x18, 0x00]);
  const info = decodeBootInfo(payload);
  assert.equal(info.romVersion, 102105089);
  assert.equal(info.chip, 'bl616');
  assert.equal(info.signType, 0);
  assert.equal(info.encrypted, 0);
  assert.equal(info.chipId, 'b4c2e049f1db');
  assert.deepEqual(info.bl616, { a0: true, swUsage0: 0x01809227, flashPin: 2 });
});

/** Sends one frame on the raw link and returns every byte the chip answers within a moment. */
async function ask(link: SerialTransport, id: number, payload: Uint8Array | undefined, bytes: number): Promise<string> {
  await link.write(encodeFrame(id, payload));
  return hex(await link.read(bytes, 2000));
}

test('emulated BL616 ROM, byte for byte over a pseudo-terminal: handshake, boot info, flash commands only after flash_set_para', { skip: noCorpus }, async () => {
  const emu = await startBouffaloOnPty({ chip: 'bl616', flash: bl616Flash(firmware), flashPin: 2, chipId: Uint8Array.from([0xb4, 0xc2, 0xe0, 0x49, 0xf1, 0xdb]) });
  const link = await SerialTransport.open(emu.hostPath, 500_000);
  try {
    await link.write(new Uint8Array(300).fill(0x55));
    assert.equal(hex(await link.read(2, 2000)), '4f4b');
    await new Promise((resolve) => setTimeout(resolve, 30));
    // "OK", length 20, version 0x06160001, sign/encrypt 0, sw_usage_0 = pin 2 << 14, chip id reversed at 12
    assert.equal(await ask(link, Command.getBootInfo, undefined, 24), '4f4b1400' + '01001606' + '00000000' + '00800000' + 'dbf149e0c2b4' + '0000');
    assert.equal(await ask(link, Command.flashReadJedecId, undefined, 4), '464c0100', 'FL0001: the flash is not set up yet');
    assert.equal(await ask(link, Command.optFinish, words(10_000), 2), '4f4b', 'set timeout');
    assert.equal(await ask(link, Command.clockSet, words(1, 2_000_000), 2), '4f4b', 'clk_set answers at the old rate');
    assert.equal(await ask(link, Command.flashSetParameters, words(0x00014103), 2), '4f4b', 'flash_set_para with a wrong pin is accepted...');
    assert.equal(await ask(link, Command.flashReadJedecId, undefined, 8), '4f4b040000000000', '...but the flash stays silent');
    assert.equal(await ask(link, Command.flashSetParameters, words(0x00014102), 2), '4f4b');
    assert.equal(await ask(link, Command.flashReadJedecId, undefined, 8), '4f4b0400ef401580', 'Winbond id, 2 MiB, identified');
    assert.equal(await ask(link, Command.flashRead, words(FW_SLOT, 16), 20), '4f4b1000' + hex(firmware.subarray(0, 16)));
    assert.equal(await ask(link, Command.flashReadSha256, words(FW_SLOT, firmware.length), 36), '4f4b2000' + hex(sha256Of(firmware)));
    assert.equal(await ask(link, Command.loadSegmentData, new Uint8Array(16), 4), '464c0401', 'FL0104: no RAM image is being loaded');
  } finally {
    await link.close();
    await emu.close();
  }
});

test('CLI on an emulated BL616: info from the ROM alone, whole read of a known image, write + verify, erase', { skip: noCorpus }, async () => {
  const emu = await startBouffaloOnPty({ chip: 'bl616', flash: bl616Flash(firmware) });
  const base = ['--chip', 'bl616', '--port', emu.hostPath, '--baud', '2000000', '--json'];
  try {
    const info = await runCliAsync(['flash', 'info', ...base], cleanEnv);
    assert.equal(info.status, 0, info.stderr);
    const facts = JSON.parse(info.stdout);
    assert.equal(facts.family, 'BL616');
    assert.equal(facts.romVersion, '0x6160001');
    assert.match(facts.flashAccess, /boot ROM's own flash commands/);
    assert.deepEqual(facts.bl616, { a0: true, flashPin: 0 });
    assert.equal(facts.flashId, '0xef4015', 'the ROM alone reads the flash id');
    assert.equal(facts.flashSize, 2 << 20);

    const out = join(dir, 'bl616-read.bin');
    const read = await runCliAsync(['flash', 'read', out, ...base], cleanEnv);
    assert.equal(read.status, 0, read.stderr);
    assert.equal(JSON.parse(read.stdout).family, 'BL616');
    assert.ok(readFileSync(out).equals(Buffer.from(emu.chip.flashImage)), 'the whole 2 MiB read back byte for byte');

    // erase the firmware, then write it back from the file
    const erase = await runCliAsync(['flash', 'erase', '--offset', '0x10000', '--length', '0x80000', ...base], cleanEnv);
    assert.equal(erase.status, 0, erase.stderr);
    assert.ok(emu.chip.flashImage.subarray(FW_SLOT, FW_SLOT + 0x80000).every((byte) => byte === 0xff), 'erased');

    const write = await runCliAsync(['flash', 'write', BL616_FIRMWARE, ...base, '--no-backup'], cleanEnv);
    assert.equal(write.status, 0, write.stderr);
    const written = JSON.parse(write.stdout);
    assert.equal(written.kind, 'firmware');
    assert.equal(written.offset, FW_SLOT);
    assert.equal(written.family, 'BL616');
    assert.ok(Buffer.from(emu.chip.flashImage.subarray(FW_SLOT, FW_SLOT + firmware.length)).equals(Buffer.from(firmware)), 'bytes identical in the FW slot');

    const verify = await runCliAsync(['flash', 'verify', BL616_FIRMWARE, ...base], cleanEnv);
    assert.equal(verify.status, 0, verify.stderr);
  } finally {
    await emu.close();
  }
});

test('the gate refuses a BL602 image on a BL616 and a BL616 image on a BL602, naming --force-family', { skip: noCorpus }, async () => {
  const sdk = (name: string) => new Uint8Array(readFileSync(corpusPath('bouffalo', 'bl602_sdk_build', name)));
  // a BL602 firmware image as DevCube makes it: 176-byte header, 0xFF up to 4 KiB, the code
  const bl602Image = new Uint8Array(0x1000 + sdk('img.bin').length).fill(0xff);
  bl602Image.set(sdk('bootinfo.bin'));
  bl602Image.set(sdk('img.bin'), 0x1000);
  const bl602File = join(dir, 'bl602-firmware.bin');
  writeFileSync(bl602File, bl602Image);

  const flash = bl616Flash(firmware);
  const before = flash.slice();
  const emu616 = await startBouffaloOnPty({ chip: 'bl616', flash });
  try {
    const refused = await runCliAsync(['flash', 'write', bl602File, '--chip', 'bl616', '--port', emu616.hostPath, '--no-backup'], cleanEnv);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /BL602|176-byte/);
    assert.match(refused.stderr, /--force-family/);
    assert.ok(Buffer.from(flash).equals(Buffer.from(before)), 'nothing written');
    // --chip bl602 on a BL616 stops before anything is loaded or read
    const wrongChip = await runCliAsync(['flash', 'info', '--chip', 'bl602', '--port', emu616.hostPath], cleanEnv);
    assert.equal(wrongChip.status, 5, wrongChip.stderr);
    assert.match(wrongChip.stderr, /--chip bl602 was given but the boot ROM identifies itself as BL616\/BL618/);
  } finally {
    await emu616.close();
  }

  const loader = join(dir, 'eflash_loader_40m.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  const dump = new Uint8Array(readFileSync(corpusPath('bouffalo', 'bl602_openbeken_full.bin')));
  const emu602 = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice() });
  try {
    const refused = await runCliAsync(['flash', 'write', BL616_FIRMWARE, '--chip', 'bl602', '--port', emu602.hostPath, '--loader', loader, '--no-backup'], cleanEnv);
    assert.equal(refused.status, 5, refused.stderr);
    assert.match(refused.stderr, /BL616/);
    assert.match(refused.stderr, /--force-family/);
    assert.ok(Buffer.from(emu602.chip.flashImage).equals(Buffer.from(dump)), 'nothing written');
  } finally {
    await emu602.close();
  }
});

test('the gate tells the header kinds apart even when inspect names no family', { skip: noCorpus }, () => {
  const header = new Uint8Array(readFileSync(corpusPath('bouffalo', 'bl602_sdk_build', 'bootinfo.bin')));
  const bl602 = new Uint8Array(0x2000).fill(0xff);
  bl602.set(header);
  const on616 = bouffaloGateChip('bl616', 2 << 20, null);
  const refusal = (data: Uint8Array, chip = on616) => {
    try {
      gateWrite({ file: 'f.bin', data, report: { ...inspectImage(data), family: null }, chip, options: {} });
    } catch (error) {
      assert.ok(error instanceof GateRefused);
      return error;
    }
    return assert.fail('the gate let it through');
  };
  const refused = refusal(bl602);
  assert.equal(refused.override, '--force-family');
  assert.match(refused.message, /the 176-byte BL602\/BL702 kind, but the chip is a BL616\/BL618/);
  const back = refusal(firmware, bouffaloGateChip('bl602', 2 << 20, null));
  assert.match(back.message, /the 256-byte BL616\/BL618 kind, but the chip is a BL602/);
});
