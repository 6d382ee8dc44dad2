import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';
import { noCorpus, readCorpus } from '../support/paths.js';
import { emulateImage } from './support/emulator-process.js';
import { startEmulatedChip, withHostPort } from './support/emulated-chip.js';
import { startBouffaloOnPty } from '../blflash/support/pty-chip.js';
import { patternFlash } from '../blflash/support/session.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';
import { BekenClient, ProtocolError } from '../../src/flash/beken/client.js';
import { identifyChip, linkChip } from '../../src/flash/beken/session.js';
import { BouffaloClient } from '../../src/flash/bouffalo/client.js';
import { ProtocolError as BouffaloProtocolError } from '../../src/flash/bouffalo/errors.js';
import type { SerialTransport } from '../../src/flash/serial-transport.js';

const image = readCorpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');

function bouffaloClient(transport: SerialTransport, chip: 'auto' | 'bl602') {
  const loader = async () => ({ bytes: syntheticLoader('sealed'), source: 'synthetic' });
  return new BouffaloClient(transport, { chip, romBaud: 500_000, loaderBaud: 2_000_000, reset: 'auto', replyTimeoutMs: 300, loader });
}

async function identifyWithDamagedIds(count: number) {
  const emu = await startEmulatedChip({ family: 'BK7231N', image, faults: { corruptIdReplies: count } });
  return withHostPort(emu, 115200, async (transport) => {
    const client = new BekenClient(transport, { marginMs: 500 });
    await linkChip(client, { timeoutMs: 10_000 });
    const info = await identifyChip(client, null).catch((error: Error) => error);
    return { info, corrupted: emu.chip.faults.idRepliesCorrupted };
  });
}

test('Beken: a damaged chip id and a flash id damaged into 8 MiB are read again until two reads agree', { skip: noCorpus }, async () => {
  // The first chip-id reply reads 0x7221C (no such chip), the first flash-id reply EB6017 (8 MiB).
  const { info, corrupted } = await identifyWithDamagedIds(2);
  assert.ok(!(info instanceof Error), String(info));
  assert.equal(corrupted, 2, 'both damaged replies were sent');
  assert.equal(info.family, 'BK7231N');
  assert.equal(info.chipId, 0x7231c);
  assert.equal(info.flashId, 'EB6015');
  assert.equal(info.flashSize, 0x200000);
});

test('Beken: chip-id replies that never agree stop identification with one sentence, never a guess', { skip: noCorpus }, async () => {
  const { info } = await identifyWithDamagedIds(5);
  assert.ok(info instanceof ProtocolError, String(info));
  assert.equal(info.message, 'reading the chip id 5 times gave different answers (0x0007221C, 0x0007211C, 0x0007271C, 0x00072B1C, 0x0007331C); the line is unreliable: try a lower --baud, shorter wires or another adapter');
});

test('Bouffalo: boot info damaged into another family is read again; the BL702 is named right, with its flash size', { skip: noCorpus }, async () => {
  const emu = await startBouffaloOnPty({ chip: 'bl702', flash: patternFlash(1 << 20), faults: { corruptIdReplies: 2 } });
  await withHostPort(emu, 500_000, async (transport) => {
    const result = await bouffaloClient(transport, 'auto').connect();
    assert.equal(result.chip, 'bl702');
    assert.equal(result.bootInfo?.chip, 'bl702');
    assert.equal(result.flashSize, 1 << 20);
    assert.equal(emu.chip['faults'].idRepliesCorrupted, 2, 'the first two boot-info replies were damaged (one read as a BL602)');
  });
});

test('Bouffalo: boot info that never reads the same twice stops with one sentence, never a guess', { skip: noCorpus }, async () => {
  // Five boot-info replies, each with another bit of the family byte flipped.
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: patternFlash(1 << 20), faults: { corruptIdReplies: 8 } });
  await withHostPort(emu, 500_000, async (transport) => {
    const error = await bouffaloClient(transport, 'bl602').connect().catch((e: Error) => e);
    assert.ok(error instanceof BouffaloProtocolError, String(error));
    assert.match(error.message, /^reading the boot information \(chip and ROM version\) 5 times gave different answers .*; the line is unreliable/);
  });
});

test('from the command line: fwkit emulate --corrupt-id 2, flash info still names the chip and a 2 MiB flash, exit 0', { skip: noCorpus }, async () => {
  const emu = await emulateImage(image, ['--chip', 'bk7231n', '--instant', '--corrupt-id', '2']);
  try {
    const r = runCli(['flash', 'info', '--port', emu.port, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout) as { family: string; flashSize: number; flashId: string };
    assert.deepEqual([info.family, info.flashSize, info.flashId], ['BK7231N', 0x200000, '0xeb6015']);
  } finally {
    await emu.stop();
  }
});
