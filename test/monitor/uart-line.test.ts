import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { receiveAtRate } from '../../src/flash/emulator/uart-line.js';
import { isReadable, scoreReadability } from '../../src/formats/bootlog/readability.js';
import { scenarioBytes } from './script-text.js';

describe('a UART receiver at another rate', () => {
  const text = scenarioBytes('healthy', 20);

  it('gets the bytes unchanged at the sender rate', () => {
    assert.deepEqual(receiveAtRate(text, 115200, 115200), text);
  });

  it('decodes a lone byte sent at half its rate as the bits it samples', () => {
    // 0x00 at 230400: sent slots 0..8 low, slot 9 (stop) high, idle high after. A receiver at 115200
    // samples mid-bit every 2 slots from the edge at slot 0: start = slot 1 (low), bits 0..2 = slots
    // 3, 5, 7 (low), bits 3..7 = slot 9 and beyond (high), stop = slot 19 (high): 0xF8, no framing error.
    const heard = receiveAtRate(Uint8Array.of(0x00), 230400, 115200);
    assert.deepEqual(heard, Uint8Array.of(0xf8));
  });

  it('turns text into unreadable bytes at a wrong rate', () => {
    for (const rate of [57600, 230400, 921600]) {
      const heard = receiveAtRate(text, 115200, rate);
      assert.equal(isReadable(heard), false, `at ${rate}`);
    }
  });

  it('leaves almost nothing of a 2 Mbaud log at 115200', () => {
    const heard = receiveAtRate(text, 2000000, 115200);
    assert.ok(heard.length < text.length / 10, `${heard.length} of ${text.length} bytes`);
  });
});

describe('readability score', () => {
  it('is high for log text, low for random bytes, zero for tiny samples', () => {
    assert.ok(scoreReadability(text()).score > 0.99);
    const random = Uint8Array.from({ length: 512 }, (_, i) => (i * 167 + 13) & 0xff);
    assert.ok(scoreReadability(random).score < 0.5);
    assert.equal(scoreReadability(new TextEncoder().encode('hi\n')).score, 0);
  });

  it('measures the share of dots', () => {
    assert.ok(scoreReadability(scenarioBytes('uart1-dots', 4)).dots > 0.99);
  });
});

function text(): Uint8Array {
  return scenarioBytes('healthy', 20);
}
