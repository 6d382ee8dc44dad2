import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BouffaloClient } from '../../src/flash/bouffalo/client.js';
import { Command } from '../../src/flash/bouffalo/commands.js';
import { ChipError } from '../../src/flash/bouffalo/error-codes.js';
import { handshake } from '../../src/flash/bouffalo/handshake.js';
import { words } from '../../src/flash/bouffalo/frame.js';
import { encodeSegmentHeader } from '../../src/formats/bouffalo/ram-image.js';
import { memorySession, patternFlash } from './support/session.js';
import { syntheticLoader } from './support/synthetic-loader.js';

const SIZE = 1 << 20;

test('connect: ROM handshake, boot info, loader upload and run, JEDEC id -> 1 MiB BL602', async () => {
  const session = memorySession({ flash: patternFlash(SIZE) });
  try {
    const info = await session.client.connect();
    assert.equal(info.chip, 'bl602');
    assert.equal(info.flashSize, SIZE);
    assert.equal(info.jedecId, 'ef4014');
    assert.equal(info.bootInfo?.romVersion, 1);
    assert.equal(info.bootInfo?.chipId, 'c8478c010203');
    assert.equal(session.chip.mode, 'loader');
    // a second connection finds the loader still running and does not upload it again
    const framesBefore = session.chip.stats.frames;
    const again = new BouffaloClient(session.host, { chip: 'bl602', romBaud: 500_000, loaderBaud: 2_000_000, reset: 'none', loader: async () => assert.fail('no upload expected') });
    assert.equal((await again.connect()).loader, 'already running');
    assert.equal(session.chip.stats.frames - framesBefore, 3, 'get_boot_info and the JEDEC id (read twice, until two reads agree) only');
  } finally {
    await session.close();
  }
});

test('BL702: started through the ROM memory-write sequence; placeholder-style loader accepted', async () => {
  const session = memorySession({ chip: 'bl702', flash: patternFlash(SIZE) }, { chip: 'auto', loader: async () => ({ bytes: syntheticLoader('placeholder'), source: 'synthetic' }) });
  try {
    const info = await session.client.connect();
    assert.equal(info.chip, 'bl702');
    assert.equal(info.bootInfo?.romVersion, 0x07020001);
    assert.equal(info.bootInfo?.chipId, '1122334455667788');
    assert.equal(session.chip.mode, 'loader');
  } finally {
    await session.close();
  }
});

test('read, write, identical rewrite and SHA-256 through the loader', async () => {
  const flash = patternFlash(SIZE, 7);
  const original = flash.slice();
  const session = memorySession({ flash });
  try {
    await session.client.connect();
    const read = await session.client.readFlash(0x10000, 0x23000);
    assert.deepEqual(read, original.subarray(0x10000, 0x33000));
    const image = patternFlash(0x21000, 99);
    const first = await session.client.writeFlash(0x20000, image);
    assert.equal(first.written, image.length);
    assert.deepEqual(flash.subarray(0x20000, 0x41000), image);
    assert.deepEqual(await session.client.readFlash(0x20000, image.length), image, 'read back through the loader');
    assert.deepEqual(flash.subarray(0x41000, 0x50000), original.subarray(0x41000, 0x50000), 'bytes after the region are untouched');
    const framesBefore = session.chip.stats.frames;
    const second = await session.client.writeFlash(0x20000, image);
    assert.deepEqual(second, { written: 0, skipped: image.length });
    assert.equal(session.chip.stats.frames - framesBefore, 3, 'an identical rewrite only asks for three SHA-256 digests');
  } finally {
    await session.close();
  }
});

test('faults: lost replies, corrupted reads and refused writes are recovered', async () => {
  const flash = patternFlash(SIZE, 3);
  const original = flash.slice();
  const session = memorySession({ flash, faults: { corruptRate: 0.03, dropRate: 0.015, loseByteRate: 0.015, failCommands: 2, ignoreCommands: 1, seed: 5 } });
  try {
    await session.client.connect();
    const read = await session.client.readFlash(0, 0x40000);
    assert.deepEqual(read, original.subarray(0, 0x40000));
    const image = patternFlash(0x20000, 5);
    await session.client.writeFlash(0x40000, image);
    assert.deepEqual(flash.subarray(0x40000, 0x60000), image);
    assert.ok(session.chip.stats.faultsInjected >= 10, `only ${session.chip.stats.faultsInjected} faults were injected`);
    assert.ok(session.client.recoveries > 0);
  } finally {
    await session.close();
  }
});

test('the ROM answers what a real ROM answers: flash commands FL0104, corrupt loaders FL0204 / FL0215 / FL0217', async () => {
  const session = memorySession({ flash: patternFlash(SIZE) });
  const { client, host } = session;
  const code = async (id: number, payload?: Uint8Array) => {
    try {
      await client.command(id, payload);
      return 0;
    } catch (error) {
      assert.ok(error instanceof ChipError, String(error));
      return error.code;
    }
  };
  try {
    assert.equal(await handshake(host, { chip: 'bl602' }), true);
    assert.equal(await code(Command.flashRead, words(0, 16)), 0x0104);
    assert.equal(await code(Command.loadSegmentHeader, new Uint8Array(16)), 0x0104, 'segment header before boot header');
    const loader = syntheticLoader('sealed', 5000);
    const badCrc = loader.slice(0, 176);
    badCrc[140] ^= 1;
    assert.equal(await code(Command.loadBootHeader, badCrc), 0x0204);
    assert.equal(await code(Command.loadBootHeader, loader.subarray(0, 100)), 0x0201);
    // a well-formed header and segment header, then data whose CRC does not match
    assert.equal(await code(Command.loadBootHeader, loader.subarray(0, 176)), 0);
    const echo = await client.command(Command.loadSegmentHeader, loader.subarray(176, 192));
    assert.deepEqual(echo, loader.subarray(176, 192));
    const data = loader.slice(192);
    data[0] ^= 1;
    assert.equal(await code(Command.loadSegmentData, data.subarray(0, 4092)), 0);
    assert.equal(await code(Command.loadSegmentData, data.subarray(4092)), 0x0215);
    // too much data for the segment
    assert.equal(await code(Command.loadBootHeader, loader.subarray(0, 176)), 0);
    await client.command(Command.loadSegmentHeader, loader.subarray(176, 192));
    assert.equal(await code(Command.loadSegmentData, new Uint8Array(4092)), 0);
    assert.equal(await code(Command.loadSegmentData, new Uint8Array(1000)), 0x0214);
    assert.equal(await code(Command.runImage), 0x0104, 'run before a successful check');
    // segment CRCs made consistent with changed code, but the header's SHA-256 still names the old code
    const code2 = loader.slice(192);
    code2[10] ^= 1;
    assert.equal(await code(Command.loadBootHeader, loader.subarray(0, 176)), 0);
    await client.command(Command.loadSegmentHeader, encodeSegmentHeader(0x22010000, code2));
    assert.equal(await code(Command.checkImage), 0x0216, 'check before all data arrived');
    assert.equal(await code(Command.loadSegmentData, code2.subarray(0, 4092)), 0);
    assert.equal(await code(Command.loadSegmentData, code2.subarray(4092)), 0);
    assert.equal(await code(Command.checkImage), 0x0217);
    assert.equal(await code(0x7e), 0x0101);
  } finally {
    await session.close();
  }
});

test('a ROM left half-loaded by an earlier run answers FL0104; the client waits out its idle timeout and loads again', async () => {
  const session = memorySession({ flash: patternFlash(SIZE) });
  const lines: string[] = [];
  const client = new BouffaloClient(session.host, { chip: 'bl602', romBaud: 500_000, loaderBaud: 2_000_000, reset: 'none', replyTimeoutMs: 200, log: (line) => lines.push(line), loader: async () => ({ bytes: syntheticLoader('sealed'), source: 'synthetic' }) });
  try {
    // an earlier run got as far as the boot header, then died
    assert.equal(await handshake(session.host, { chip: 'bl602' }), true);
    await session.client.command(Command.loadBootHeader, syntheticLoader('sealed').subarray(0, 176));
    const info = await client.connect();
    assert.equal(info.flashSize, SIZE);
    assert.equal(session.chip.mode, 'loader');
    assert.match(lines.join('\n'), /loader upload failed \(the chip refused loadBootHeader with FL0104 CMD_SEQ_ERROR.*restarting the boot ROM sequence/);
  } finally {
    await session.close();
  }
});
