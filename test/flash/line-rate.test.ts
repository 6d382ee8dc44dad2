import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { noCorpus, readCorpus } from '../support/paths.js';
import { emulateImage } from './support/emulator-process.js';
import { startEmulatedChip, withHostPort } from './support/emulated-chip.js';
import { Op, shortCommand, shortReply, u32 } from '../../src/flash/beken/frames.js';
import { receiveAtRate } from '../../src/flash/emulator/uart-line.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { BekenClient } from '../../src/flash/beken/client.js';
import { linkChip, switchBaud } from '../../src/flash/beken/session.js';
import { TransportTimeoutError } from '../../src/flash/transport.js';

const image = readCorpus('beken', 'Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
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

test('the emulated chip reads the client rate from the pty: at another rate a client gets what a UART would make of it', { skip: noCorpus }, async () => {
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

/** Whether the chip answers a LinkCheck sent at `baud` (a raw client, as another tool would try); generous waits for a busy machine. */
async function answersAt(port: string, baud: number): Promise<boolean> {
  const transport = await SerialTransport.open(port, baud);
  try {
    const client = new BekenClient(transport);
    for (let attempt = 0; attempt < 2; attempt++) if (await client.linkCheck(1500)) return true;
    return false;
  } finally {
    await transport.close();
  }
}

/** A session that raised the rate and was cut off (Ctrl-C, a pulled cable): the chip stays at `baud`. */
async function strandAt(port: string, baud: number): Promise<void> {
  const transport = await SerialTransport.open(port, 115_200);
  try {
    const client = new BekenClient(transport);
    await linkChip(client, { timeoutMs: 10_000 });
    assert.equal(await switchBaud(client, baud), baud);
  } finally {
    await transport.close();
  }
}

test('fwkit returns the chip to 115200 at the end of a session; one cut off at a transfer rate is found there and said so; a reset brings it back', { skip: noCorpus }, async () => {
  const emu = await emulateImage(image, ['--chip', 'bk7231n', '--instant']);
  const dir = emu.dir;
  const read = (out: string, baud: string) => runCli(['flash', 'read', '--port', emu.port, '--baud', baud, join(dir, out), '--length', '0x10000', '--link-timeout', '10']);
  try {
    const first = read('a.bin', '921600');
    assert.equal(first.status, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /still in download mode/);
    // the emulator keeps its rate across sessions (no reset travels over a pty): fwkit itself set it back
    assert.equal(await answersAt(emu.port, 115_200), true, 'the chip answers at 115200 again, where other tools look');

    await strandAt(emu.port, 921_600);
    assert.equal(await answersAt(emu.port, 115_200), false, 'the cut-off session left it at 921600');
    const second = read('b.bin', '2000000');
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /the chip was still in download mode at 921600 baud \(an earlier session ended without resetting it\); carrying on from there/);
    assert.ok(readFileSync(join(dir, 'b.bin')).equals(Buffer.from(image.subarray(0, 0x10000))), 'bytes identical');
    assert.equal(await answersAt(emu.port, 115_200), true, 'and back at 115200 after that session');

    await strandAt(emu.port, 921_600);
    await emu.reset();
    const third = read('c.bin', '921600');
    assert.equal(third.status, 0, third.stderr);
    assert.doesNotMatch(third.stderr, /still in download mode/, 'after the reset it answers at 115200 again');
    assert.ok(readFileSync(join(dir, 'c.bin')).equals(Buffer.from(image.subarray(0, 0x10000))));
  } finally {
    await emu.stop();
  }
});
