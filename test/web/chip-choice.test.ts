/**
 * The page's chip selector speaks the CLI's --chip vocabulary: auto (the default, as on the command line),
 * every family including BL616/BL618, beken and bouffalo. Under auto a Bouffalo boot ROM that answers takes
 * the job over, as `fwkit flash --chip auto` does; a BL616 is identified from its boot ROM without a loader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHIP_WORDS } from '../../src/jobs/chip-words.js';
import { emulateImage } from '../flash/support/emulator-process.js';
import { patternFlash } from '../blflash/support/session.js';
import { browserUnavailable, launchBrowser } from './support/browser.js';
import { choosePort, lastMessage, runJob as job } from './support/device-page.js';
import { startSerialBridge } from './support/serial-bridge.js';

const skip = browserUnavailable;

test('the chip selector offers the --chip words, auto first; each word shows its wiring and whether a loader is needed', { skip, timeout: 300_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const offered = await page.$$eval('[data-input="chip"] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(offered, ['auto', ...CHIP_WORDS.filter((word) => word !== 'auto')]);
    assert.equal(await page.inputValue('[data-input="chip"]'), 'auto');
    for (const [word, wiring, loader] of [['bl616', 'BL616', false], ['bl618', 'BL618', false], ['bl702', 'BL702', true], ['bouffalo', 'BL602', true], ['bk7238', 'BEKEN', false], ['auto', 'BEKEN', true]] as const) {
      await page.selectOption('[data-input="chip"]', word);
      assert.equal(await page.getAttribute('[data-area="wiring"]', 'data-family'), wiring, word);
      assert.equal(await page.isVisible('#device.bouffalo'), loader, `${word}: the loader row is ${loader ? 'shown' : 'hidden'}`);
    }
    await page.selectOption('[data-input="chip"]', 'bl618');
    assert.match((await page.textContent('[data-area="wiring"]'))!, /No eflash_loader is needed/);
    await page.close();
  } finally {
    await browser.close();
  }
});

for (const [word, shown] of [['auto', 'auto: the Bouffalo boot ROM answers the page'], ['bl618', 'bl618: the BL616 die answers']] as const) {
  test(`${shown}; a BL616 is identified without an eflash_loader`, { skip, timeout: 300_000 }, async () => {
    const emu = await emulateImage(patternFlash(4 << 20), ['--chip', 'bl616', '--instant']);
    const bridge = await startSerialBridge(emu.port);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ bridge: bridge.url });
      await page.selectOption('[data-input="chip"]', word);
      await choosePort(page);
      assert.equal(await job(page, 'identify'), 'done', await lastMessage(page));
      assert.equal(await page.textContent('[data-table="chip"] [data-fact="family"] td'), 'BL616');
      assert.match((await page.textContent('[data-table="chip"] [data-fact="flash"] td'))!, /4 MiB/);
      assert.equal(await page.getAttribute('[data-area="wiring"]', 'data-family'), 'BL616');
      assert.equal(await lastMessage(page), 'identified a BL616 with 4 MiB flash');
      await page.close();
    } finally {
      await browser.close();
      await bridge.close();
      await emu.stop();
    }
  });
}
