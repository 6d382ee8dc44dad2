import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHIP_WORDS, nearestChipWords, parseChipWord } from '../../src/commands/chip-option.js';
import { FAMILIES } from '../../src/flash/beken/families.js';
import { CHIP_NAMES } from '../../src/formats/bootlog/log-ports.js';
import { runCli } from '../support/cli.js';
import { corpusPath, noCorpus, samplePath } from '../support/paths.js';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-chip-'));
const bootLog = join(dir, 'boot.txt');
writeFileSync(bootLog, 'V:BK7231N_1.0.1\r\nREG:cpsr spsr r13 r14\r\n');
const missing = join(dir, 'missing.bin');
const LIST = CHIP_WORDS.join(', ');

/** The last line of stderr before the pointer to --help: the one sentence. */
function sentence(stderr: string): string {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return stderr.split('\n').find((line) => line.startsWith('fwkit: ')) ?? stderr;
}

test('--chip words: every Beken and Bouffalo family, then beken, bouffalo, auto', () => {
  assert.deepEqual(CHIP_WORDS.slice(-3), ['beken', 'bouffalo', 'auto']);
  for (const family of FAMILIES) assert.ok(CHIP_WORDS.includes(family.toLowerCase()), family);
  // The boot-log analysis knows every family offered (BL616/BL618 included), and no other.
  assert.deepEqual([...CHIP_NAMES].sort(), CHIP_WORDS.slice(0, -3));
  assert.equal(parseChipWord('BK7231N'), 'bk7231n');
  assert.equal(parseChipWord('7231t'), 'bk7231t');
  assert.equal(parseChipWord('Bouffalo'), 'bouffalo');
  assert.deepEqual(nearestChipWords('bk7321n'), ['bk7231n']);
  assert.deepEqual(nearestChipWords('bl'), ['bl602', 'bl616', 'bl618', 'bl702']);
  assert.deepEqual(nearestChipWords('esp32'), []);
});

// Each command that takes a chip: a near miss is a usage error with the nearest word and the whole list.
for (const args of [
  ['flash', 'info', '-p', '/dev/null'],
  ['flash', 'read', join(dir, 'out.bin'), '-p', '/dev/null'],
  ['flash', 'write', missing, '-p', '/dev/null'],
  ['flash', 'erase', '--all', '-p', '/dev/null'],
  ['flash', 'verify', missing, '-p', '/dev/null'],
  ['monitor', '-p', '/dev/null'],
  ['log', bootLog],
  ['emulate', '--image', missing],
]) {
  test(`${args.slice(0, 2).join(' ')} --chip bk7321n: exit 2, did you mean bk7231n, and the list`, () => {
    const r = runCli([...args, '--chip', 'bk7321n']);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(sentence(r.stderr), `fwkit: --chip bk7321n: unknown chip (did you mean bk7231n?); give one of ${LIST}`);
  });
}

test('emulate refuses beken, bouffalo and auto in one sentence naming the families', () => {
  for (const word of ['auto', 'beken', 'Bouffalo']) {
    const r = runCli(['emulate', '--chip', word, '--image', missing]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(sentence(r.stderr), `fwkit: --chip ${word.toLowerCase()}: emulate needs one concrete chip family; give one of ${CHIP_WORDS.slice(0, -3).join(', ')}`);
  }
  // A family in any case passes the option and reaches the image.
  const r = runCli(['emulate', '--chip', 'BL602', '--image', missing]);
  assert.equal(r.status, 3, r.stderr);
  assert.match(sentence(r.stderr), /missing\.bin: no such file/);
});

test('log and monitor take every word; a vendor or auto names no family', () => {
  for (const [word, shown] of [['BK7231N', 'BK7231N'], ['beken', null], ['bl702', 'BL702'], ['auto', null]] as const) {
    const r = runCli(['log', bootLog, '--chip', word, '--json']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { family: string | null }).family, shown, word);
  }
  for (const word of ['bouffalo', 'auto', 'BK7238']) {
    const r = runCli(['monitor', '-p', join(dir, 'no-such-port'), '--chip', word]);
    assert.equal(r.status, 4, `${word}: the option passed, the port did not: ${r.stderr}`);
  }
});

test('every command taking a chip shows the same list in its --help', () => {
  for (const command of [['flash', 'info'], ['flash', 'read'], ['flash', 'write'], ['flash', 'erase'], ['flash', 'verify'], ['flash', 'restore'], ['monitor'], ['log'], ['emulate']]) {
    const help = runCli([...command, '--help']).stdout.replace(/\s+/g, ' ');
    assert.ok(help.includes(`one of: ${LIST}`), `${command.join(' ')} --help lists the words`);
  }
});

test('flash --chip beken links as Beken without trying Bouffalo, and a family is checked against the chip', async () => {
  const image = join(dir, 'n.bin');
  copyFileSync(samplePath('bk7231n-dump.bin'), image);
  const emu = await startEmulatorProcess(['--chip', 'bk7231n', '--image', image, '--instant']);
  try {
    const beken = runCli(['flash', 'info', '--chip', 'Beken', '--port', emu.port, '--json']);
    assert.equal(beken.status, 0, beken.stderr);
    assert.equal((JSON.parse(beken.stdout) as { family: string }).family, 'BK7231N');
    const other = runCli(['flash', 'info', '--chip', 'bk7238', '--port', emu.port]);
    assert.notEqual(other.status, 0, 'a BK7231N is no BK7238');
  } finally {
    await emu.stop();
  }
});

// --family (inspect, convert): the same parser over the concrete families only.
const FAMILY_LIST = CHIP_WORDS.slice(0, -3).join(', ');

for (const args of [
  ['inspect', samplePath('bk7231n-dump.bin')],
  ['inspect', dir], // many files: the option is parsed before any file is read
  ['convert', 'ua', samplePath('bk7231n-dump.bin'), '-o', join(dir, 'ua.bin')],
  ['convert', 'rbl-unpack', samplePath('bk7231n-app.rbl'), '-o', join(dir, 'app.bin')],
]) {
  test(`${args.slice(0, 2).join(' ')} --family: a near miss is a usage error naming the families, a vendor word is refused`, () => {
    const typo = runCli([...args, '--family', 'bk7321n']);
    assert.equal(typo.status, 2, typo.stderr);
    assert.equal(sentence(typo.stderr), `fwkit: --family bk7321n: unknown chip family (did you mean bk7231n?); give one of ${FAMILY_LIST}`);
    const command = args[0];
    const vendor = runCli([...args, '--family', 'Beken']);
    assert.equal(vendor.status, 2, vendor.stderr);
    assert.equal(sentence(vendor.stderr), `fwkit: --family beken: ${command} needs one concrete chip family; give one of ${FAMILY_LIST}`);
  });
}

function warnings(stdout: string): string[] {
  return (JSON.parse(stdout) as { verdict: { warnings: string[] } }).verdict.warnings;
}

test('--family takes any case and the short Beken form', () => {
  const short = runCli(['inspect', samplePath('bk7231t-dump.bin'), '--family', '7231n', '--json']);
  assert.match(warnings(short.stdout).join(' '), /is for a BK7231T, not a BK7231N/);
  const convert = runCli(['convert', 'ua', samplePath('bk7231n-dump.bin'), '--family', 'bk7231t', '-o', join(dir, 'f.bin')]);
  assert.equal(convert.status, 5, convert.stderr);
  assert.match(convert.stderr, /it is a BK7231N image, not BK7231T; pass --force/);
});

test('--family bl618 checks a file against BL616 (the same die)', { skip: noCorpus }, () => {
  const bl616 = corpusPath('more/bl616_mfg_gu_v2.50.bin');
  for (const word of ['BL618', 'bl616']) {
    const r = runCli(['inspect', bl616, '--family', word, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(warnings(r.stdout), [], word);
  }
  const other = runCli(['inspect', bl616, '--family', 'bl602', '--json']);
  assert.match(warnings(other.stdout).join(' '), /is for a BL616, not a BL602/);
});

test('inspect and convert list the families in their --help', () => {
  for (const command of [['inspect'], ['convert', 'ua'], ['convert', 'qio'], ['convert', 'rbl-unpack']]) {
    const help = runCli([...command, '--help']).stdout.replace(/\s+/g, ' ');
    assert.ok(help.includes(`one of: ${FAMILY_LIST}`), `${command.join(' ')} --help lists the families`);
  }
});
