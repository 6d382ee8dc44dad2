import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BouffaloClient, type ClientOptions } from '../../src/flash/bouffalo/client.js';
import { BouffaloSetupError, FlashNotAnsweringError, NeverAnsweredError, NoReplyError } from '../../src/flash/bouffalo/errors.js';
import { SerialTransport } from '../../src/flash/serial-transport.js';
import { bouffaloError } from '../../src/commands/flash-bouffalo-connect.js';
import { describeError } from '../../src/commands/errors.js';
import type { BouffaloEmulatorOptions } from '../../src/flash/emulator/bouffalo.js';
import { startBouffaloOnPty } from './support/pty-chip.js';
import { patternFlash } from './support/session.js';
import { syntheticLoader } from './support/synthetic-loader.js';

const SIZE = 1 << 20;

/** An emulated chip on a real pseudo-terminal and a client on the other end. */
async function onPty(emulator: Partial<BouffaloEmulatorOptions>, client: Partial<ClientOptions>, body: (client: BouffaloClient, chip: Awaited<ReturnType<typeof startBouffaloOnPty>>['chip']) => Promise<void>) {
  const emu = await startBouffaloOnPty({ chip: 'bl602', flash: patternFlash(SIZE), ...emulator });
  const transport = await SerialTransport.open(emu.hostPath, 500_000);
  try {
    await body(
      new BouffaloClient(transport, {
        chip: 'bl602',
        romBaud: 500_000,
        loaderBaud: 2_000_000,
        reset: 'auto',
        replyTimeoutMs: 300,
        loader: async () => ({ bytes: syntheticLoader('sealed'), source: 'synthetic' }),
        ...client,
      }),
      emu.chip,
    );
  } finally {
    await transport.close();
    await emu.close();
  }
}

test('a chip reset by hand within --link-timeout is found: the prompt names BOOT, EN, --rom-baud and --link-timeout', async () => {
  const prompts: string[] = [];
  await onPty({ startInApp: true }, { linkTimeoutMs: 15_000 }, async (client, chip) => {
    client['options'].onPrompt = (line: string) => {
      prompts.push(line);
      chip.resetIntoRom(); // the user does what the prompt says
    };
    const info = await client.connectRom();
    assert.equal(info.chip, 'bl602');
    assert.equal(info.romVersion, 1);
    const flash = await client.connect();
    assert.equal(flash.flashSize, SIZE, 'the loader runs after the manual reset');
  });
  assert.equal(prompts.length, 1);
  assert.match(prompts[0]!, /hold BOOT high \(GPIO8 on BL602, GPIO28 on BL702.*press and release EN\/RST.*500000 baud \(--rom-baud\).*--link-timeout/);
});

test('a chip that never answers: "never answered" with the wiring, BOOT and --rom-baud advice, exit 4', async () => {
  await onPty({ startInApp: true }, { linkTimeoutMs: 1500 }, async (client) => {
    const error = await client.connectRom().catch((e: Error) => e);
    assert.ok(error instanceof NeverAnsweredError, String(error));
    assert.match(error.message, /the boot ROM never answered on .* at 500000 baud within 2 s: check the wiring.*hold BOOT high.*--link-timeout.*--rom-baud 115200/);
    const user = describeError(bouffaloError(error));
    assert.equal(user.exitCode, 4);
    assert.doesNotMatch(user.message, /stopped answering/);
  });
});

test('a chip that answered and then went quiet "stopped answering" and names --baud (loader) or --rom-baud (ROM)', async () => {
  await onPty({ faults: { stopAfterCommands: 3 } }, {}, async (client) => {
    await client.connect();
    const error = await client.readFlash(0, 0x10000).catch((e: Error) => e);
    assert.ok(error instanceof NoReplyError, String(error));
    assert.equal(error.phase, 'loader');
    assert.match((bouffaloError(error) as Error).message, /answered, then stopped answering: .*a lower --baud$/);
  });
  const rom = bouffaloError(new NoReplyError('load_segment_data', 300, 'rom')) as Error;
  assert.match(rom.message, /a lower --rom-baud/);
});

test('the boot ROM alone gives the eFuse facts; secure boot and a flash that answers JEDEC 000000 are diagnosed', async () => {
  await onPty({ chip: 'bl702', efuseSecurity: { signType: 1, encrypted: 1 } }, { chip: 'bl702', loader: async () => assert.fail('no loader for ROM facts') }, async (client) => {
    const info = await client.connectRom();
    assert.deepEqual([info.chip, info.signType, info.encrypted], ['bl702', 1, 1]);
  });
  await onPty({ chip: 'bl702', efuseSecurity: { signType: 1, encrypted: 1 } }, { chip: 'bl702' }, async (client) => {
    const error = await client.connect().catch((e: Error) => e);
    assert.ok(error instanceof BouffaloSetupError);
    assert.match(error.message, /has secure boot in its eFuse .*the flash cannot be read out over UART/);
  });
  await onPty({ chip: 'bl702', jedecId: Uint8Array.of(0, 0, 0) }, { chip: 'bl702' }, async (client) => {
    const error = await client.connect().catch((e: Error) => e);
    assert.ok(error instanceof FlashNotAnsweringError, String(error));
    assert.equal(describeError(bouffaloError(error)).exitCode, 4);
    assert.match(error.message, /reads flash id 000000: the SPI flash does not answer \(JEDEC read failure\)\. Power-cycle/);
  });
});
