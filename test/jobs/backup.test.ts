import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BouffaloClient } from '../../src/flash/bouffalo/client.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { backupDevice } from '../../src/jobs/backup.js';
import { backupsByDevice, parseBackupFileName } from '../../src/jobs/backup-store.js';
import { bekenDevice } from '../../src/jobs/beken-device.js';
import { bouffaloDevice } from '../../src/jobs/bouffalo-device.js';
import { SILENT_PROGRESS, type JobHooks } from '../../src/jobs/ports.js';
import { fileBackupStore, fileJournalStore } from '../../src/commands/storage/file-stores.js';
import { bekenWrite } from '../../src/jobs/beken-write.js';
import { noCorpus, readCorpus } from '../support/paths.js';
import { connectHost, startEmulatedChip } from '../flash/support/emulated-chip.js';
import { startBouffaloOnPty } from '../blflash/support/pty-chip.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';

const bins = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.bin'));
const quiet: JobHooks = { say: () => {}, progress: () => SILENT_PROGRESS };
const corpus = (path: string) => readCorpus(path);
/** Three sectors changed: two side by side in one 64 KiB block, one in another block. */
const CHANGED = [0x1f0000, 0x1f1000, 0x12000];

function change(flash: Uint8Array): void {
  for (const at of CHANGED) flash[at + 0x123] = (flash[at + 0x123]! + 1) & 0xff;
}

test('Beken: a second backup of the same chip reads only the changed sectors and is still the whole flash', { skip: noCorpus }, async () => {
  const image = corpus('beken/Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const emu = await startEmulatedChip({ family: 'BK7231N', image: image.slice() });
  const host = await connectHost(emu.hostPath);
  const store = fileBackupStore(mkdtempSync(join(tmpdir(), 'fwkit-bk-backups-')));
  try {
    const device = bekenDevice(host);
    const before = emu.chip.stats.sectorsRead;
    const first = await backupDevice(device, store, quiet);
    assert.equal(first.incrementalFrom, null);
    assert.equal(emu.chip.stats.sectorsRead - before, image.length / 0x1000, 'the first backup reads every sector');
    assert.ok(Buffer.from(readFileSync(first.backup.location)).equals(Buffer.from(image)));
    const meta = parseBackupFileName(first.backup.name)!;
    assert.equal(meta.family, 'BK7231N');
    assert.equal(meta.flashId, host.info.flashId);
    assert.match(meta.mac ?? '', /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'the MAC from the RF calibration sector');

    change(emu.chip.flash.data);
    const middle = emu.chip.stats.sectorsRead;
    const second = await backupDevice(device, store, quiet);
    assert.equal(second.incrementalFrom, first.backup.name);
    assert.equal(second.sectorsRead, CHANGED.length);
    assert.equal(emu.chip.stats.sectorsRead - middle, CHANGED.length, 'the chip was asked for the changed sectors only');
    assert.ok(Buffer.from(readFileSync(second.backup.location)).equals(Buffer.from(emu.chip.flash.data)), 'the new backup is the whole flash as it is now');
    const groups = backupsByDevice(await store.list());
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0]!.backups.map((b) => b.name), [second.backup.name, first.backup.name], 'one device, newest first');
  } finally {
    await host.close();
    await emu.close();
  }
});

test('Bouffalo: a second backup compares SHA-256 digests and reads only the changed sectors', { skip: noCorpus }, async () => {
  const dump = corpus('bouffalo/bl602_openbeken_full.bin');
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: dump.slice() });
  const transport = await SerialTransport.open(emu.hostPath, 500_000);
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-bl-backups-'));
  const store = fileBackupStore(dir);
  try {
    const client = new BouffaloClient(transport, { chip: 'bl602', romBaud: 500_000, loaderBaud: 2_000_000, reset: 'auto', loader: async () => ({ bytes: syntheticLoader(), source: 'synthetic' }) });
    const info = await client.connect();
    const device = bouffaloDevice({ client, info, baudRate: 2_000_000, close: async () => {} });
    const first = await backupDevice(device, store, quiet);
    assert.equal(first.sectorsRead, dump.length / 0x1000);
    assert.ok(Buffer.from(readFileSync(first.backup.location)).equals(Buffer.from(dump)));
    assert.equal(first.backup.mac, device.mac);
    assert.match(first.backup.name, /^BL602_EF4015_[0-9a-f]{12}_.*\.bin$/);

    change(emu.chip.flashImage);
    const readBefore = emu.chip.stats.bytesRead;
    const second = await backupDevice(device, store, quiet);
    assert.equal(second.incrementalFrom, first.backup.name);
    assert.equal(second.sectorsRead, CHANGED.length);
    assert.equal(emu.chip.stats.bytesRead - readBefore, CHANGED.length * 0x1000, 'only the changed sectors crossed the wire');
    assert.ok(Buffer.from(readFileSync(second.backup.location)).equals(Buffer.from(emu.chip.flashImage)));
    assert.equal(readdirSync(dir).length, 2);
  } finally {
    await transport.close();
    await emu.close();
  }
});

test('a second write reads nothing for its backup when the chip still holds what the first write left, and writes the one changed sector', { skip: noCorpus }, async () => {
  const image = corpus('beken/Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const file = corpus('beken/Kanlux_33643_S_GU10_RGBCCT_Bulb.bin');
  const emu = await startEmulatedChip({ family: 'BK7231N', image: image.slice() });
  const host = await connectHost(emu.hostPath);
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-second-write-'));
  const env = { ...quiet, backups: fileBackupStore(dir), journal: fileJournalStore(dir) };
  const session = { ...host, close: async () => {} };
  try {
    const first = await bekenWrite({ file: 'kanlux.bin', data: file, backup: true, overwriteBootloader: true, replaceIdentity: true }, async () => session, env);
    assert.ok(Buffer.from(readFileSync(first.backup!)).equals(Buffer.from(image)), 'the first backup is the flash before the first write');
    const afterFirst = emu.chip.flash.data.slice();

    const changed = file.slice();
    changed[0x1e0123] ^= 0xff;
    const { sectorsRead, sectorsWritten } = emu.chip.stats;
    const second = await bekenWrite({ file: 'kanlux-changed.bin', data: changed, backup: true, overwriteBootloader: true, replaceIdentity: true }, async () => session, env);
    assert.equal(emu.chip.stats.sectorsRead - sectorsRead, 0, 'the backup read no sector: the chip matched what the first write left');
    assert.equal(emu.chip.stats.sectorsWritten - sectorsWritten, 1);
    assert.equal(second.bytesWritten, 0x1000);
    assert.ok(Buffer.from(readFileSync(second.backup!)).equals(Buffer.from(afterFirst)), 'the second backup is the flash before the second write');
    assert.ok(Buffer.from(emu.chip.flash.data.subarray(0x11000)).equals(Buffer.from(changed.subarray(0x11000))));
    assert.equal(bins(dir).length, 2, 'two backups listed; the reference image is kept apart');
  } finally {
    await host.close();
    await emu.close();
  }
});
