import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResetOption, parseResetSequence, resetSteps, ResetSyntaxError, runReset } from '../../src/flash/reset-sequence.js';
import type { ModemSignals } from '../../src/flash/transport.js';
import { openPtyPair } from '../../src/flash/pty-pair.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';

/** A port that records every modem-line call, as the serialport package would receive them. */
function recordingLink(accept = true) {
  const calls: ModemSignals[] = [];
  return { calls, setSignals: async (signals: ModemSignals) => (calls.push({ ...signals }), accept) };
}

test('the short language: line changes without a wait between them go out in one call', () => {
  assert.deepEqual(parseResetSequence('D0|R1|W0.1|R0'), [{ set: { dtr: false, rts: true } }, { waitMs: 100 }, { set: { rts: false } }]);
  assert.deepEqual(parseResetSequence('U1,0|w0.05|u0,0'), [{ set: { dtr: true, rts: false } }, { waitMs: 50 }, { set: { dtr: false, rts: false } }]);
  assert.deepEqual(parseResetSequence(''), []);
});

test('bad sequences are refused with the step named and the grammar listed', () => {
  assert.throws(() => parseResetSequence('D1|X9'), (error: Error) => error instanceof ResetSyntaxError && /"X9" is not a step; use D0\/D1/.test(error.message));
  assert.throws(() => parseResetSequence('D2'), ResetSyntaxError);
  assert.throws(() => parseResetSequence('W60'), /longer than 10 s/);
  assert.doesNotThrow(() => checkResetOption('bl-rts-boot'));
  assert.doesNotThrow(() => checkResetOption('auto'));
});

test('named wirings: Beken CEN pulses both lines together; Bouffalo holds BOOT high across the EN pulse', async () => {
  const beken = recordingLink();
  assert.equal(await runReset(beken, resetSteps('auto', 'beken', 'enter')), true);
  assert.deepEqual(beken.calls, [{ dtr: true, rts: true }, { dtr: false, rts: false }]);

  const bl = recordingLink();
  await runReset(bl, resetSteps('auto', 'bouffalo', 'enter'));
  // DTR (BOOT) asserted with RTS (EN) asserted, EN released first while BOOT stays, then BOOT released.
  assert.deepEqual(bl.calls, [{ dtr: true, rts: true }, { rts: false }, { dtr: false }]);

  const custom = recordingLink();
  await runReset(custom, resetSteps('D0|R1|W0.01|R0', 'bouffalo', 'enter'));
  assert.deepEqual(custom.calls, [{ dtr: false, rts: true }, { rts: false }]);
  assert.deepEqual(resetSteps('D0|R1|W0.01|R0', 'bouffalo', 'leave'), [{ set: { dtr: false, rts: false } }], 'a custom sequence leaves with both lines released');
  assert.equal(await runReset(recordingLink(), resetSteps('none', 'beken', 'enter')), false, 'none moves nothing');
});

test('a port without modem lines stops the sequence and says so', async () => {
  const refused = recordingLink(false);
  assert.equal(await runReset(refused, resetSteps('auto', 'bouffalo', 'enter')), false);
  assert.equal(refused.calls.length, 1);
});

test('a pseudo-terminal opens although it has no modem lines (release after open and low latency tolerated)', async () => {
  const pair = await openPtyPair();
  try {
    const port = await SerialTransport.open(pair.hostPath, 115200);
    assert.equal(await port.setSignals({ dtr: true }), false);
    await port.close();
  } finally {
    await pair.close();
  }
});
