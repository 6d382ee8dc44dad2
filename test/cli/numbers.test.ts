import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LARGEST_FLASH, NUMBER_RULES, parseNumberOption } from '../../src/commands/numbers.js';
import { UserError } from '../../src/commands/errors.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fwkit-numbers-'));

test('numbers: decimal and 0x hex are read; anything else is a usage error naming the option', () => {
  assert.equal(parseNumberOption('offset', '0x11000', NUMBER_RULES.address), 0x11000);
  assert.equal(parseNumberOption('offset', '69632', NUMBER_RULES.address), 0x11000);
  assert.equal(parseNumberOption('baud', ' 921600 ', NUMBER_RULES.baud), 921600);
  assert.equal(parseNumberOption('drop-rate', '0.25', NUMBER_RULES.probability), 0.25);
  assert.equal(parseNumberOption('baud', 115200, NUMBER_RULES.baud), 115200, 'a default given as a number');
  for (const text of ['0x', 'abc', '', '1e3', '0x1G', '12k', '1.5', 'Infinity', '0b101']) {
    assert.throws(
      () => parseNumberOption('offset', text, NUMBER_RULES.address),
      (error: unknown) => error instanceof UserError && error.exitCode === 2 && /^--offset .*: not a number; give a flash address/.test(error.message),
      text,
    );
  }
});

test('numbers: out of range is refused, sizes stop at the largest flash', () => {
  assert.equal(parseNumberOption('size', String(LARGEST_FLASH), NUMBER_RULES.size), LARGEST_FLASH);
  assert.throws(() => parseNumberOption('size', '0xFFFFFFFF', NUMBER_RULES.size), /--size 0xFFFFFFFF: out of range; give a size in bytes from 0x1 to 0x1000000/);
  assert.throws(() => parseNumberOption('offset', '-1', NUMBER_RULES.address), /--offset -1: out of range/);
  assert.throws(() => parseNumberOption('baud', '0', NUMBER_RULES.baud), /--baud 0: out of range; give a rate in baud from 300/);
  assert.throws(() => parseNumberOption('drop-rate', '1.5', NUMBER_RULES.probability), /out of range; give a probability from 0 to 1/);
});

for (const [args, pattern] of [
  [['flash', 'read', join(dir, 'out.bin'), '--offset', '0x', '-p', '/dev/null'], /--offset 0x: not a number/],
  [['flash', 'info', '-b', 'abc', '-p', '/dev/null'], /--baud abc: not a number/],
  [['flash', 'info', '-b', '1', '-b', '2', '-p', '/dev/null'], /--baud is given 2 times/],
  [['monitor', '-p', '/dev/null', '--listen', 'soon'], /--listen soon: not a number/],
  [['emulate', '--chip', 'bk7231n', '--image', 'x.bin', '--corrupt-rate', '2'], /--corrupt-rate 2: out of range/],
] as const) {
  test(`CLI: fwkit ${args.join(' ')} is a usage error (exit 2) in one sentence`, () => {
    const r = runCli([...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.match(r.stderr, new RegExp(`${args[0]} ${args[1]?.startsWith('-') ? '' : args[1] + ' '}--help lists the options`));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}

test('CLI: bl merge --size 0xFFFFFFFF is refused before anything is allocated or written', () => {
  const out = join(dir, 'merged.bin');
  const r = runCli(['bl', 'merge', '-o', out, '--size', '0xFFFFFFFF', '--json']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--size 0xFFFFFFFF: out of range/);
  assert.equal(JSON.parse(r.stdout).exitCode, 2, 'with --json the error is a JSON document too');
  assert.equal(existsSync(out), false);
});

test('CLI: a mistyped command gets a suggestion; every subcommand help lists the exit codes', () => {
  const typo = runCli(['inpsect', 'x.bin']);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /^fwkit: 'inpsect' is not a command\. Did you mean inspect\?\n\(.*fwkit(\.js)? --help lists the commands\)\n$/);
  const nothing = runCli([]);
  assert.equal(nothing.status, 2);
  assert.match(nothing.stderr, /Commands:[\s\S]*fwkit inspect[\s\S]*Name a command/, 'no command at all: the list of commands');
  for (const words of [['flash', 'read'], ['bl', 'merge'], ['monitor'], ['convert', 'ua']]) {
    const help = runCli([...words, '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Exit codes:\n  0  success[\s\S]*5  refused as unsafe/, words.join(' '));
  }
});
