/**
 * The Bouffalo half of the page in real Chromium against `fwkit emulate --chip bl602`: the boot ROM handshake,
 * the eflash_loader the user picked uploaded to RAM, identify, back up (the download is the flash byte for
 * byte), write a firmware image, verify, restore; the emulator's saved flash is the original again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { corpusPath, hasCorpus, samplePath } from '../support/paths.js';
import { writableCopy } from '../support/files.js';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';
import { browserUnavailable, launchBrowser } from './support/browser.js';
import { chooseImage, choosePort, jobEnd, lastMessage, runJob as job } from './support/device-page.js';
import { startSerialBridge } from './support/serial-bridge.js';

const skip = browserUnavailable || (!hasCorpus && 'the corpus (../shared/corpus) is missing: browser Bouffalo test skipped');
const dir = mkdtempSync(join(tmpdir(), 'fwkit-web-bouffalo-'));

test('BL602 in the page: identify, back up, write, verify, restore against fwkit emulate', { skip, timeout: 600_000 }, async () => {
  const original = corpusPath('bouffalo', 'bl602_openbeken_full.bin');
  const flash = writableCopy(dir, original, 'flash.bin');
  const loader = join(dir, 'eflash_loader_40m.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  const emu = await startEmulatorProcess(['--chip', 'bl602', '--image', flash, '--instant', '--save']);
  const bridge = await startSerialBridge(emu.port);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ bridge: bridge.url });
    await page.selectOption('[data-input="chip"]', 'bl602');
    assert.equal(await page.getAttribute('[data-area="wiring"]', 'data-family'), 'BL602');
    await page.setInputFiles('[data-input="loader"]', loader);
    await choosePort(page);

    assert.equal(await job(page, 'identify'), 'done', await lastMessage(page));
    assert.equal(await page.textContent('[data-table="chip"] [data-fact="family"] td'), 'BL602');
    assert.match((await page.textContent('[data-table="chip"] [data-fact="flash"] td'))!, /2 MiB/);
    assert.ok(bridge.opens.includes(500000) && bridge.opens.includes(921600), `ROM at 500000, then the loader at the transfer rate (${bridge.opens.join(', ')})`);
    await browser.screenshot(page, 'bl602-identified');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), job(page, 'backup')]);
    assert.ok(readFileSync((await download.path())!).equals(readFileSync(original)), 'the downloaded backup is the flash byte for byte');
    assert.match(download.suggestedFilename(), /^BL602_/);

    await page.fill('[data-input="read-offset"]', '0x1000');
    await page.fill('[data-input="read-length"]', '0x2000');
    const [range] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), job(page, 'read')]);
    assert.ok(readFileSync((await range.path())!).equals(readFileSync(original).subarray(0x1000, 0x3000)), 'the read range is the flash there, byte for byte');
    assert.match(await lastMessage(page), /^read 8192 bytes from 0x1000 of the BL602 at \d+ B\/s, every 64 KiB checked by the chip's SHA-256$/);
    assert.equal(await page.textContent('[data-table="chip"] [data-fact="flash encryption (eFuse)"] td'), 'none');

    const firmware = samplePath('bl602-firmware.bin');
    await chooseImage(page, firmware, basename(firmware));
    assert.equal(await job(page, 'write'), 'done', await lastMessage(page));
    assert.match(await lastMessage(page), new RegExp(`^wrote ${basename(firmware)} \\(\\S+\\) at 0x[0-9A-F]+ to the BL602: \\d+ bytes written, \\d+ already identical; verified by the chip's SHA-256$`));
    assert.equal(await job(page, 'verify'), 'done');
    assert.match(await lastMessage(page), new RegExp(`^the flash holds ${basename(firmware)}: compared .* by the chip's SHA-256, identical$`));

    await page.click('[data-backup]:last-child [data-action="restore"]');
    assert.equal(await jobEnd(page, 'restore'), 'done', await lastMessage(page));
    assert.match(await lastMessage(page), /^restored BL602_.* to the BL602: .*verified by the chip's SHA-256$/);
    await page.close();
  } finally {
    await browser.close();
    await bridge.close();
    await emu.stop();
  }
  assert.ok(readFileSync(flash).equals(readFileSync(original)), 'after the restore the flash is the original again');
});
