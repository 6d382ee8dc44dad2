import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnPty } from '@lydell/node-pty';
import { cliPath, repoRoot, samplePath } from '../support/paths.js';
import { runCli, testDataHome } from '../support/cli.js';
import { startEmulatorProcess } from './support/emulator-process.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-interrupt-'));

/**
 * Runs fwkit on a pseudo-terminal (so it draws its progress bar, as for a user), sends SIGINT once the
 * bar of `transfer` shows, and returns what it printed and its exit code.
 */
function interruptOnProgress(args: string[], transfer: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ exitCode: number; output: string }> {
  const child = spawnPty(process.execPath, [cliPath, ...args], { cwd, cols: 200, rows: 30, env: { ...process.env, XDG_DATA_HOME: testDataHome, ...env } });
  let output = '';
  let sent = false;
  const bar = new RegExp(`${transfer} +\\[`);
  child.onData((text) => {
    output += text;
    if (!sent && bar.test(output)) {
      sent = true;
      process.kill(child.pid, 'SIGINT');
    }
  });
  return new Promise((resolve) => child.onExit(({ exitCode }) => resolve({ exitCode, output: output.replace(/\r/g, '') })));
}

/** Files an interrupted atomic write or a store could leave behind. */
function leftovers(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tmp$|(^|\/)\.fwkit-/.test(name));
}

test('Ctrl-C during flash read: one summary with what was kept (never an empty .partial) and the command to go on, exit 130; that command finishes it', async () => {
  const image = join(dir, 'chip-r.bin');
  copyFileSync(samplePath('bk7231n-dump.bin'), image);
  const out = join(dir, 'read', 'out.bin');
  mkdirSync(join(dir, 'read'));
  const emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image]);
  try {
    // 115200 baud paces the emulated wire at about 11 KiB/s: the read is still running when the bar shows,
    // and it stops at its next 4 KiB step, usually inside the first 64 KiB block (which is then not kept).
    const { exitCode, output } = await interruptOnProgress(['flash', 'read', out, '-p', emu.port, '-b', '115200'], 'read', repoRoot);
    assert.equal(exitCode, 130, output);
    const summaries = output.match(/fwkit: Interrupted: .*/g) ?? [];
    assert.equal(summaries.length, 1, output);
    const flash = readFileSync(image);
    const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;
    const command = `node ${cliPath} flash read ${out} -p ${emu.port} -b 115200`;
    let next: string[];
    if (existsSync(`${out}.partial`)) {
      const kept = statSync(`${out}.partial`).size;
      assert.ok(kept > 0 && kept % 0x10000 === 0, `the partial file holds whole checked blocks, at least one (${kept} bytes)`);
      assert.equal(summaries[0], `fwkit: Interrupted: read 0x0–${hex(kept - 1)} (${kept / 1024} KiB of 2 MiB) into ${out}.partial; ${hex(kept)}–0x1FFFFF not read; continue with \`${command} --resume\``);
      assert.ok(readFileSync(`${out}.partial`).equals(flash.subarray(0, kept)), 'what is kept is the flash');
      next = ['--resume'];
    } else {
      // Stopped before its first block: nothing kept, so no .partial, and a plain run again is all it takes.
      assert.match(summaries[0]!, new RegExp(`^fwkit: Interrupted: read \\d+ KiB of 2 MiB; nothing was saved \\(${out.replace(/[.]/g, '\\.')} was not written\\): run \`${command.replace(/[.]/g, '\\.')}\` again$`));
      assert.deepEqual(readdirSync(join(dir, 'read')), [], 'no empty .partial left behind');
      next = [];
    }
    assert.equal(existsSync(out), false);
    assert.deepEqual(leftovers(join(dir, 'read')), []);

    const again = runCli(['flash', 'read', out, '-p', emu.port, '-b', '2000000', ...next]);
    assert.equal(again.status, 0, again.stderr);
    assert.ok(readFileSync(out).equals(flash), 'the read it names ends with the whole flash');
    assert.deepEqual(readdirSync(join(dir, 'read')), ['out.bin']);
  } finally {
    await emu.stop();
  }
});

test('Ctrl-C during flash write: the part written, the partial image, the resume command; exit 130, no temp files', async () => {
  const image = join(dir, 'chip-w.bin');
  copyFileSync(samplePath('bk7231n-dump.bin'), image);
  const backups = join(dir, 'backups');
  const ua = samplePath('bk7231n-ua.bin');
  const emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--save']);
  try {
    const args = ['flash', 'write', ua, '-p', emu.port, '-b', '115200', '--no-backup', '--backup-dir', backups];
    const { exitCode, output } = await interruptOnProgress(args, 'write', dir);
    assert.equal(exitCode, 130, output);
    const summaries = output.match(/fwkit: Interrupted: .*/g) ?? [];
    assert.equal(summaries.length, 1, output);
    const journal = JSON.parse(readFileSync(join(backups, 'pending-write.json'), 'utf8')) as { address: number; length: number };
    assert.equal(journal.address, 0x11000);
    const end = `0x${(journal.address + journal.length - 1).toString(16).toUpperCase()}`;
    assert.match(
      summaries[0]!,
      new RegExp(
        `^fwkit: Interrupted: wrote \\d+ KiB of [\\d.]+ (KiB|MiB) of ${ua.replace(/[.]/g, '\\.')} into 0x11000–${end} \\(written or found identical, from the start of the range\\); ` +
          `the rest is not written and the chip now holds a partial image: finish it with \`node ${cliPath.replace(/[.]/g, '\\.')} flash write .* --resume\`$`,
      ),
    );
    assert.deepEqual(leftovers(backups), []);
    assert.deepEqual(leftovers(dir), []);

    // The command it names finishes the write.
    const resume = /finish it with `node \S+ (.*)`$/.exec(summaries[0]!)![1]!.split(' ');
    const done = runCli([...resume.map((word) => (word === '115200' ? '2000000' : word)), '--json']);
    assert.equal(done.status, 0, done.stderr);
    assert.equal(existsSync(join(backups, 'pending-write.json')), false, 'the finished write leaves no record to resume');
  } finally {
    await emu.stop();
  }
  const written = readFileSync(image);
  const file = readFileSync(ua);
  assert.ok(written.subarray(0x11000, 0x11000 + file.length).equals(file), 'the chip holds the file');
});

test('Ctrl-C during a Bouffalo flash read: how far it came, nothing saved, the command to run again; exit 130', async () => {
  const folder = join(dir, 'bl');
  mkdirSync(folder);
  const image = join(dir, 'bl702.bin');
  writeFileSync(image, new Uint8Array(1 << 20).fill(0xa5));
  const loader = join(dir, 'loader.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  // The loader traffic paced as at 115200 baud: about 11 KiB/s, still reading when the bar shows.
  const emu = await startEmulatorProcess(['--chip', 'bl702', '--image', image, '--wire-baud', '115200', '--rom-wire-baud', '2000000']);
  const out = join(folder, 'out.bin');
  try {
    const { exitCode, output } = await interruptOnProgress(['flash', 'read', out, '--chip', 'bouffalo', '-p', emu.port, '--loader', loader], 'read', dir, { HOME: dir });
    assert.equal(exitCode, 130, output);
    const summaries = output.match(/fwkit: Interrupted: .*/g) ?? [];
    assert.equal(summaries.length, 1, output);
    assert.match(summaries[0]!, new RegExp(`^fwkit: Interrupted: read \\d+ KiB of 1 MiB; nothing was saved \\(${out.replace(/[.]/g, '\\.')} was not written\\): run \`node \\S+ flash read ${out.replace(/[.]/g, '\\.')} --chip bouffalo -p \\S+ --loader \\S+\` again$`));
    assert.deepEqual(readdirSync(folder), [], 'no output and no temp file');
  } finally {
    await emu.stop();
  }
});
