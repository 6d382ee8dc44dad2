import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { createMemoryPair, TransportTimeoutError } from '../../src/flash/transport.js';
import { openPtyPair } from '../../src/flash/pty-pair.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
/** The memory pair delivers on the next turn of the event loop; waiting for that, not for a time, keeps these tests exact on a busy machine. */
const delivered = () => new Promise((resolve) => setImmediate(resolve));

test('memory pair: read exactly N bytes across chunks, keep the rest', async () => {
  const [a, b] = createMemoryPair();
  await a.write(bytes(1, 2, 3));
  await a.write(bytes(4, 5));
  assert.deepEqual(await b.read(4, 1000), bytes(1, 2, 3, 4));
  assert.deepEqual(await b.read(1, 1000), bytes(5));
  await a.close();
});

test('memory pair: a short read times out and hands back what arrived', async () => {
  const [a, b] = createMemoryPair();
  await a.write(bytes(9, 8));
  await delivered();
  await assert.rejects(b.read(3, 50), (error: unknown) => {
    assert.ok(error instanceof TransportTimeoutError);
    assert.deepEqual(error.received, bytes(9, 8));
    return true;
  });
});

test('memory pair: drain returns stale input, onData streams chunks', async () => {
  const [a, b] = createMemoryPair();
  await a.write(bytes(1, 1));
  await delivered();
  assert.deepEqual(await b.drain(20), bytes(1, 1));
  const seen: number[] = [];
  const stop = b.onData((chunk) => seen.push(...chunk));
  await a.write(bytes(7, 7, 7));
  await delivered();
  stop();
  assert.deepEqual(seen, [7, 7, 7]);
});

test('pseudo-terminal pair: bytes cross both ways, baud changes, modem lines are refused without error', async () => {
  const pair = await openPtyPair();
  const device = await SerialTransport.open(pair.devicePath);
  const host = await SerialTransport.open(pair.hostPath);
  try {
    const block = new Uint8Array(10000).map((_, i) => (i * 7) & 0xff);
    await host.write(block);
    assert.deepEqual(await device.read(block.length, 5000), block);
    await device.write(bytes(0x04, 0x0e));
    assert.deepEqual(await host.read(2, 5000), bytes(0x04, 0x0e));
    await host.setBaudRate(921600);
    assert.equal(host.baudRate, 921600);
    assert.equal(await host.setSignals({ dtr: true, rts: true }), false, 'a pty has no modem lines');
  } finally {
    await host.close();
    await device.close();
    await pair.close();
  }
  assert.equal(existsSync(pair.hostPath), false, 'the terminal is gone once the pair is closed');
});

test('opening a port that does not exist fails with the system reason', async () => {
  await assert.rejects(SerialTransport.open('/dev/fwkit-no-such-port'), /No such file|ENOENT|cannot open/i);
});

test('pseudo-terminal pair: when the other side goes away, the transport ends and a pending read fails', async () => {
  const pair = await openPtyPair();
  const host = await SerialTransport.open(pair.hostPath);
  const closed = new Promise<Error | undefined>((resolve) => host.onClose(resolve));
  const pending = assert.rejects(host.read(1, 30_000));
  await pair.close();
  const reason = await closed;
  await pending;
  if (reason) assert.match(reason.message, /disappeared|descriptor|closed/i);
  await host.close();
});
