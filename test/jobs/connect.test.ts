/**
 * The connect jobs the CLI and the page share, over the Node transport on a real pseudo-terminal to the
 * emulators: a Beken chip linked, switched and identified; a named family that is not the chip's refused;
 * under auto a Bouffalo boot ROM handed back with the port still open; a BL602 brought up with its loader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import type { Transport } from '../../src/flash/transport.js';
import { BouffaloAnswered, connectBeken, expectedFamily } from '../../src/jobs/beken-connect.js';
import { connectBouffalo, connectBouffaloRom } from '../../src/jobs/bouffalo-connect.js';
import type { OpenTransport } from '../../src/jobs/connect.js';
import { JobError } from '../../src/jobs/job-error.js';
import { startEmulatedChip, type OnPty } from '../flash/support/emulated-chip.js';
import { startBouffaloOnPty } from '../blflash/support/pty-chip.js';
import { patternFlash } from '../blflash/support/session.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';

/** Opens the pty like the CLI does, and remembers every transport and the rate it was opened at. */
function recordingOpener(path: string) {
  const opened: Array<{ baudRate: number; transport: Transport }> = [];
  const open: OpenTransport = async (baudRate) => {
    const transport = await SerialTransport.open(path, baudRate);
    opened.push({ baudRate, transport });
    return transport;
  };
  return { open, opened };
}

/** Runs `body` with a recording opener on `emu`'s pty; the emulator is closed afterwards, whatever happened. */
async function onPty(emu: OnPty<unknown>, body: (recorder: ReturnType<typeof recordingOpener>) => Promise<void>): Promise<void> {
  try {
    await body(recordingOpener(emu.hostPath));
  } finally {
    await emu.close();
  }
}

const lines = () => {
  const said: string[] = [];
  return { said, say: (line: string) => void said.push(line) };
};

test('connectBeken links at 115200, moves to the transfer rate and identifies the chip', async () => {
  await onPty(await startEmulatedChip({ family: 'BK7231N', image: patternFlash(1 << 21) }), async ({ open, opened }) => {
    const session = await connectBeken(open, { family: expectedFamily('bk7231n'), baud: 921600, linkTimeoutMs: 10_000 }, lines().say);
    try {
      assert.deepEqual(opened.map((o) => o.baudRate), [115200]);
      assert.equal(session.info.family, 'BK7231N');
      assert.equal(session.info.flashSize, 1 << 21);
      assert.equal(session.info.baudRate, 921600);
      assert.equal(opened[0]!.transport.baudRate, 921600);
    } finally {
      await session.close();
    }
  });
});

test('connectBeken refuses a chip of another family than the one named, and closes the port', async () => {
  await onPty(await startEmulatedChip({ family: 'BK7231T', image: patternFlash(1 << 21) }), async ({ open, opened }) => {
    const error = await connectBeken(open, { family: 'BK7231N', baud: 115200, linkTimeoutMs: 10_000 }, lines().say).catch((e: unknown) => e);
    assert.ok(error instanceof JobError, String(error));
    assert.equal(error.reason, 'refused');
    assert.match(error.message, /which a BK7231N does not; check --chip$/);
    await assert.rejects(opened[0]!.transport.read(1, 50), /closed/);
  });
});

test('a family --chip does not know is a usage error before any port is opened', () => {
  assert.throws(() => expectedFamily('bk9999'), (error: unknown) => error instanceof JobError && error.reason === 'usage' && /--chip bk9999: unknown family; use auto or one of .*bk7231n/.test(error.message));
  assert.equal(expectedFamily('auto'), null);
});

test('under auto a Bouffalo boot ROM that answers comes back as BouffaloAnswered with the port open; the Bouffalo job goes on with it', async () => {
  await onPty(await startBouffaloOnPty({ chip: 'bl602', flash: patternFlash(1 << 20) }), async ({ open, opened }) => {
    const said = lines();
    const answered = await connectBeken(open, { family: null, orBouffalo: { romBaud: 500_000 }, baud: 921600, linkTimeoutMs: 20_000 }, said.say).catch((e: unknown) => e);
    assert.ok(answered instanceof BouffaloAnswered, String(answered));
    assert.equal(answered.transport, opened[0]!.transport);
    const rom = await connectBouffaloRom(async () => answered.transport, { chip: 'auto', romBaud: 500_000, baud: 921600, linkTimeoutMs: 10_000, loader: async () => assert.fail('no loader for the boot ROM facts') }, said.say);
    await rom.close();
    assert.equal(rom.bootInfo.chip, 'bl602');
    assert.equal(opened.length, 1, 'the port was opened once');
  });
});

test('connectBouffalo opens at the ROM rate, uploads the loader it is given and reads the flash at the transfer rate', async () => {
  const flash = patternFlash(1 << 20);
  const asked: string[] = [];
  await onPty(await startBouffaloOnPty({ chip: 'bl602', flash }), async ({ open, opened }) => {
    const loader = async (chip: string) => (asked.push(chip), { bytes: syntheticLoader(), source: 'test loader' });
    const target = await connectBouffalo(open, { chip: 'auto', romBaud: 500_000, baud: 2_000_000, linkTimeoutMs: 10_000, loader }, lines().say);
    try {
      assert.deepEqual(asked, ['bl602']);
      assert.deepEqual(opened.map((o) => o.baudRate), [500_000]);
      assert.equal(target.info.chip, 'bl602');
      assert.equal(target.info.flashSize, 1 << 20);
      assert.equal(target.baudRate, 2_000_000);
      assert.deepEqual(await target.client.readFlash(0x1000, 0x100), flash.slice(0x1000, 0x1100));
    } finally {
      await target.close();
    }
  });
});

test('a Bouffalo loader the page has not been given is the job\'s usage error, and the port is closed', async () => {
  await onPty(await startBouffaloOnPty({ chip: 'bl602', flash: patternFlash(1 << 20) }), async ({ open, opened }) => {
    const loader = async () => {
      throw new JobError('pick the loader file first', 'usage');
    };
    const error = await connectBouffalo(open, { chip: 'bl602', romBaud: 500_000, baud: 921600, linkTimeoutMs: 10_000, loader }, lines().say).catch((e: unknown) => e);
    assert.ok(error instanceof JobError, String(error));
    assert.equal(error.reason, 'usage');
    await assert.rejects(opened[0]!.transport.read(1, 50), /closed/);
  });
});
