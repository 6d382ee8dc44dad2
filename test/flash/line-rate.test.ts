import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { corpusPath } from '../support/paths.js';
import { emulateImage } from './support/emulator-process.js';
import { startEmulatedChip, withHostPort } from './support/emulated-chip.js';
import { Op, shortCommand, shortReply, u32 } from '../../src/flash/beken/frames.js';
import { receiveAtRate } from '../../src/flash/emulator/uart-line.js';
import type { SerialTransport } from '../../src/flash/serial-transport.js';
import { TransportTimeoutError } from '../../src/flash/transport.js';

const image = new Uint8Array(readFileSync(corpusPath('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin')));
const LINK_REPLY = shortReply(0x01, [0x00]);

/** Everything that arrives within `ms` (a garbled reply has no length to wait for). */
async function collect(transport: SerialTransport, ms: number): Promise<Uint8Array> {
  const parts: number[] = [];
  const until = Date.now() + ms;
  for (;;) {
    try {
      parts.push(...(await transport.read(1, Math.max(1, until - Date.now()))));
    } catch (error) {
      if (error instanceof TransportTimeoutError) return Uint8Array.from(parts);
      throw error;
    }
  }
}

test('the emulated chip reads the client rate from the pty: at another rate a client gets what a UART would make of it', async () => {
  const emu = await startEmulatedChip({ family: 'BK7231N', image });
  await withHostPort(emu, 460_800, async (transport) => {
    // The chip listens at 115200: a LinkCheck sent at 460800 is noise to it.
    await transport.write(shortCommand(Op.linkCheck));
    assert.deepEqual([...(await collect(transport, 400))], [], 'no answer to a command sent at the wrong rate');
    assert.equal(emu.chip.stats.linkChecks, 0);
    await transport.setBaudRate(115_200);
    await transport.write(shortCommand(Op.linkCheck));
    assert.deepEqual([...(await collect(transport, 400))], [...LINK_REPLY], 'the same command at the right rate is answered');
    // The chip switches to 921600 and answers there; a client that stays at 115200 reads garbage.
    const frame = shortCommand(Op.setBaudRate, [...u32(921_600), 50]);
    await transport.write(frame);
    const garbled = await collect(transport, 600);
    const echo = shortReply(Op.setBaudRate, [...u32(921_600), 50]);
    assert.deepEqual([...garbled], [...receiveAtRate(echo, 921_600, 115_200)], 'what a 115200 receiver makes of the 921600 echo');
    assert.ok(garbled.length > 0 && garbled.length < echo.length, 'bytes do arrive, but not the echo');
    assert.equal(emu.chip.baudRate, 921_600);
    await transport.setBaudRate(921_600);
    await transport.write(shortCommand(Op.linkCheck));
    assert.deepEqual([...(await collect(transport, 400))], [...LINK_REPLY], 'clean again once the client follows');
  });
});

test('the chip keeps its rate across sessions; the next fwkit session finds it there and says so; a reset brings it back to 115200', async () => {
  const emu = await emulateImage(image, ['--chip', 'bk7231n', '--instant']);
  const dir = emu.dir;
  try {
    const first = runCli(['flash', 'read', '--port', emu.port, '--baud', '921600', join(dir, 'a.bin'), '--length', '0x10000', '--link-timeout', '10']);
    assert.equal(first.status, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /still in download mode/);
    // The chip was left at 921600 (no reset travels over a pty, and fwkit does not reset a Beken chip at the end).
    const second = runCli(['flash', 'read', '--port', emu.port, '--baud', '2000000', join(dir, 'b.bin'), '--length', '0x10000', '--link-timeout', '10']);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /the chip was still in download mode at 921600 baud \(an earlier session ended without resetting it\); carrying on from there/);
    assert.ok(readFileSync(join(dir, 'b.bin')).equals(Buffer.from(image.subarray(0, 0x10000))), 'bytes identical');
    await emu.reset();
    const third = runCli(['flash', 'read', '--port', emu.port, '--baud', '921600', join(dir, 'c.bin'), '--length', '0x10000', '--link-timeout', '10']);
    assert.equal(third.status, 0, third.stderr);
    assert.doesNotMatch(third.stderr, /still in download mode/, 'after the reset it answers at 115200 again');
    assert.ok(readFileSync(join(dir, 'c.bin')).equals(Buffer.from(image.subarray(0, 0x10000))));
  } finally {
    await emu.stop();
  }
});
