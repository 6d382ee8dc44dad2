/**
 * The whole chip journey in real Chromium against `fwkit emulate`: the page's Web Serial port is the test
 * shim, bridged over a local WebSocket to the emulator's pseudo-terminal. Identify, back up (the download
 * is the chip's flash byte for byte), write an OpenBeken UA through the gate, verify, a refused write with
 * the CLI's own sentence, restore the backup; the emulator's flash, saved when it stops, is the original again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../support/cli.js';
import { corpusPath, hasCorpus } from '../support/paths.js';
import { writableCopy } from '../support/files.js';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { browserUnavailable, launchBrowser } from './support/browser.js';
import { chooseImage, choosePort, jobEnd, lastMessage, messages, runJob as job } from './support/device-page.js';
import { startSerialBridge } from './support/serial-bridge.js';

const skip = browserUnavailable || (!hasCorpus && 'the corpus (../shared/corpus) is missing: browser journey test skipped');
const dir = mkdtempSync(join(tmpdir(), 'fwkit-web-journey-'));

test('identify, back up, write, verify, refuse, restore: the page against fwkit emulate', { skip, timeout: 600_000 }, async () => {
  const original = corpusPath('beken', 'Kanlux_33643_S_GU10_RGBCCT_Bulb.bin');
  const flash = writableCopy(dir, original, 'flash.bin');
  const emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', flash, '--instant', '--save']);
  const bridge = await startSerialBridge(emu.port);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ bridge: bridge.url });
    await choosePort(page);
    assert.equal(await page.textContent('[data-status="port"]'), 'USB 1a86:7523');

    assert.equal(await job(page, 'identify'), 'done', await lastMessage(page));
    assert.equal(await page.textContent('[data-table="chip"] [data-fact="family"] td'), 'BK7231N');
    assert.match((await page.textContent('[data-table="chip"] [data-fact="flash"] td'))!, /2 MiB/);
    assert.ok(bridge.opens.includes(115200) && bridge.opens.includes(921600), `the port was reopened at the transfer rate (${bridge.opens.join(', ')})`);
    await browser.screenshot(page, 'chip-identified');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), job(page, 'backup')]);
    const backup = readFileSync((await download.path())!);
    assert.ok(backup.equals(readFileSync(original)), 'the downloaded backup is the flash byte for byte');
    assert.match(download.suggestedFilename(), /^BK7231N_[0-9A-F]{6}_[0-9a-f]{12}_.*\.bin$/);
    assert.match(await lastMessage(page), /backup of the whole flash saved to browser storage: .* \(the whole flash read\)/);

    await page.fill('[data-input="read-offset"]', '0x11000');
    await page.fill('[data-input="read-length"]', '0x3000');
    const [range] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), job(page, 'read')]);
    assert.ok(readFileSync((await range.path())!).equals(readFileSync(original).subarray(0x11000, 0x14000)), 'the read range is the flash there, byte for byte');
    assert.equal(range.suggestedFilename(), 'BK7231N_0x11000+0x3000.bin');
    assert.match(await lastMessage(page), /^read 12288 bytes from 0x11000 of the BK7231N at \d+ B\/s, every 64 KiB checked by the chip's CRC$/);
    await page.fill('[data-input="read-length"]', 'lots');
    assert.equal(await job(page, 'read'), 'failed');
    assert.equal(await lastMessage(page), '--length lots: give a hex number, e.g. 0x11000');
    assert.equal(await page.getAttribute('[data-area="messages"] li:last-child', 'class'), 'error usage');

    const ua = corpusPath('more', 'OpenBK7231N_UA_1.18.287.bin');
    await chooseImage(page, ua, basename(ua));
    assert.equal(await job(page, 'write'), 'done', await lastMessage(page));
    assert.match(await lastMessage(page), new RegExp(`^wrote ${basename(ua)} \\(ua\\) at 0x11000 to the BK7231N: \\d+ sectors written, \\d+ erased, \\d+ already identical; verified by CRC$`));
    assert.ok((await messages(page)).some((m) => /unchanged since BK7231N_/.test(m)), 'the backup before the write was incremental from the first one');
    assert.ok(await page.$('[data-progress="write"].done'), 'a write progress bar ran to its end');
    await browser.screenshot(page, 'chip-written');

    assert.equal(await job(page, 'verify'), 'done');
    assert.match(await lastMessage(page), new RegExp(`^the flash holds ${basename(ua)}: compared .* by CRC, identical$`));

    const wrongFamily = corpusPath('more', 'OpenBK7231T_QIO_1.18.300.bin');
    await chooseImage(page, wrongFamily, basename(wrongFamily));
    assert.equal(await job(page, 'write'), 'failed');
    const refusal = await lastMessage(page);
    assert.equal(await page.getAttribute('[data-area="messages"] li:last-child', 'class'), 'error refused');
    await browser.screenshot(page, 'chip-refused');

    // the refusal names its override; ticked in the page, the gate lifts that refusal and says the next one
    const flag = /pass (--[a-z-]+) if you mean it/.exec(refusal)?.[1];
    assert.ok(flag, `the refusal names its override: ${refusal}`);
    await page.click('details.overrides summary');
    await page.check(`[data-flag="${flag}"]`);
    assert.equal(await job(page, 'write'), 'failed');
    const next = /pass (--[a-z-]+) if you mean it/.exec(await lastMessage(page))?.[1];
    assert.ok(next && next !== flag, `with ${flag} the next refusal names another flag: ${await lastMessage(page)}`);
    await page.uncheck(`[data-flag="${flag}"]`);

    const restore = await page.$$('[data-backup] [data-action="restore"]');
    assert.equal(restore.length, 2, 'two backups kept: before the first job and before the write');
    await page.click('[data-backup]:last-child [data-action="restore"]'); // the oldest: the original flash
    assert.equal(await jobEnd(page, 'restore'), 'done');
    const restored = (await messages(page)).slice(-2);
    assert.match(restored[0]!, /^restored BK7231N_.* \(full-dump\) at 0x[0-9A-F]+ to the BK7231N: .*verified by CRC$/);
    assert.equal(restored[1], 'the whole flash now matches the backup');
    await page.close();
    await bridge.close();

    // the CLI refuses the same file on the same chip with the same sentence
    const cli = runCli(['flash', 'write', wrongFamily, '--port', emu.port, '--chip', 'bk7231n', '--link-timeout', '10'], { timeoutMs: 120_000 });
    assert.equal(cli.status, 5);
    assert.equal(refusal, cli.stderr.trim().split('\n').at(-1)!.replace(/^fwkit: /, '').replaceAll(wrongFamily, basename(wrongFamily)));
  } finally {
    await browser.close();
    await bridge.close().catch(() => undefined);
    await emu.stop();
  }
  assert.ok(readFileSync(flash).equals(readFileSync(original)), 'after the restore the flash is the original again');
});
