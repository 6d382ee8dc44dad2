import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { openPtyPair } from '../../src/flash/pty-pair.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { cliPath, samplePath } from '../support/paths.js';

/** Running, and not a zombie waiting for a parent that is gone. */
const isAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 60_000) assert.fail(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('pseudo-terminal pair: a megabyte crosses to a reader that takes it slowly, nothing lost or echoed', async () => {
  const pair = await openPtyPair();
  const device = await SerialTransport.open(pair.devicePath);
  const host = await SerialTransport.open(pair.hostPath);
  try {
    const block = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31 + (i >> 11)) & 0xff);
    const sent = device.write(block);
    const received: Uint8Array[] = [];
    for (let got = 0; got < block.length; ) {
      const part = await host.read(Math.min(65536, block.length - got), 60_000);
      received.push(part);
      got += part.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sent;
    assert.deepEqual(Buffer.concat(received), Buffer.from(block));
    assert.equal(device.takeBuffered().length, 0, 'the host terminal is raw: nothing came back');
  } finally {
    await host.close();
    await device.close();
    await pair.close();
  }
});

test('pseudo-terminal pair: a program started while the pair is open does not keep the terminals alive', async () => {
  const pair = await openPtyPair();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  try {
    await pair.close();
    assert.equal(existsSync(pair.hostPath), false);
    assert.equal(existsSync(pair.devicePath), false);
  } finally {
    child.kill();
  }
});

test('fwkit emulate killed hard (SIGKILL) leaves no process behind', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const emulator = spawn(process.execPath, [cliPath, 'emulate', '--chip', 'bk7231n', '--image', samplePath('bk7231n-dump.bin'), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  emulator.stdout!.on('data', (chunk) => (stdout += chunk));
  await until(() => stdout.includes('"port"') && stdout.trim().endsWith('}'), 'the emulator to print its port');
  const { port } = JSON.parse(stdout) as { port: string };
  const children = readFileSync(`/proc/${emulator.pid}/task/${emulator.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  assert.ok(children.length > 0, 'the emulator runs its terminal relay');
  emulator.kill('SIGKILL');
  await until(() => children.every((pid) => !isAlive(pid)), 'the relay to end after its parent was killed');
  await until(() => !existsSync(port), 'the port to disappear');
});
