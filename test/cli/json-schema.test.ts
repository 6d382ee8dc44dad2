/**
 * Every command's --json output against its JSON Schema in schemas/: each command found by walking the
 * yargs definitions (not a hand list), each run for real (samples, the corpus, the chip emulators behind
 * pseudo-terminals), each document validated. A command without a schema, or without a run here, fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs, { type CommandModule } from 'yargs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { commands } from '../../src/commands/registry.js';
import { runCli } from '../support/cli.js';
import { corpusPath, corpusRoot, hasCorpus, repoRoot, samplePath } from '../support/paths.js';
import { startEmulatorProcess } from '../flash/support/emulator-process.js';
import { runCliAsync } from '../blflash/support/pty-chip.js';
import { syntheticLoader } from '../blflash/support/synthetic-loader.js';
import { BL616_FIRMWARE, bl616Flash } from '../blflash/support/bl616-flash.js';

const schemaDir = join(repoRoot, 'schemas');
const dir = mkdtempSync(join(tmpdir(), 'fwkit-json-schema-'));
const out = (name: string) => join(dir, name);

/** The leaf commands ("flash read", "inspect"), from the command modules the CLI registers. */
function leaves(module: CommandModule, words: string): string[] {
  const y = yargs([]);
  const built = typeof module.builder === 'function' ? (module.builder(y) ?? y) : y;
  const handlers = (built as unknown as { getInternalMethods(): { getCommandInstance(): { getCommandHandlers(): Record<string, { original: CommandModule }> } } })
    .getInternalMethods()
    .getCommandInstance()
    .getCommandHandlers();
  const names = Object.keys(handlers);
  return names.length ? names.flatMap((name) => leaves(handlers[name]!.original, `${words} ${name}`)) : [words];
}

async function allCommands(): Promise<string[]> {
  const found = await Promise.all(Object.entries(commands).map(async ([name, load]) => leaves(await load(), name)));
  return found.flat().sort();
}

const schemaFile = (command: string) => `${command.replace(/ /g, '-')}.schema.json`;

function loadValidators(): { validate: (command: string) => ValidateFunction; error: ValidateFunction } {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as object);
  }
  const get = (id: string) => {
    const validate = ajv.getSchema(id);
    assert.ok(validate, `schemas/${id} is missing`);
    return validate;
  };
  return { validate: (command) => get(schemaFile(command)), error: get('error.schema.json') };
}

/** Every document printed, by command, and the error documents, to validate at the end. */
const seen = new Map<string, Array<{ args: string[]; document: unknown }>>();
const errors: Array<{ args: string[]; document: unknown }> = [];

function record(command: string, args: string[], stdout: string, status: number | null, stderr: string): void {
  assert.ok(status !== null && status <= 1, `fwkit ${args.join(' ')} exited ${status}: ${stderr}`);
  for (const document of documents(stdout)) seen.set(command, [...(seen.get(command) ?? []), { args, document }]);
}

/** One pretty-printed document, or JSON Lines (inspect of several files): one compact document a line. */
function documents(stdout: string): unknown[] {
  const text = stdout.trim();
  return text.startsWith('{"') ? text.split('\n').map((line) => JSON.parse(line) as unknown) : [JSON.parse(text) as unknown];
}

function json(command: string, args: string[]): void {
  const r = runCli([...args, '--json']);
  record(command, args, r.stdout, r.status, r.stderr);
}

/** For the flash commands on the Bouffalo emulator: the CLI runs while this process keeps serving. */
async function jsonAsync(command: string, args: string[]): Promise<void> {
  const r = await runCliAsync([...args, '--json']);
  record(command, args, r.stdout, r.status, r.stderr);
}

function failing(args: string[]): void {
  const r = runCli([...args, '--json']);
  assert.ok(r.status !== null && r.status >= 2, `fwkit ${args.join(' ')} should fail`);
  errors.push({ args, document: JSON.parse(r.stdout) });
}

function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [] : [path];
    });
  return walk(corpusRoot);
}

function fileCommands(): void {
  const dump = samplePath('bk7231n-dump.bin');
  for (const name of readdirSync(join(repoRoot, 'samples'))) json('inspect', ['inspect', samplePath(name)]);
  for (const file of corpusFiles()) json('inspect', ['inspect', file]);
  json('inspect', ['inspect', join(repoRoot, 'samples'), samplePath('bl602-fw.ota')]);

  json('convert ua', ['convert', 'ua', dump, '-o', out('n.ua')]);
  json('convert qio', ['convert', 'qio', out('n.ua'), '--bootloader', dump, '-o', out('n.qio')]);
  json('convert restore', ['convert', 'restore', dump, '-o', out('n.restore')]);
  const data = readFileSync(dump);
  writeFileSync(out('rotated.bin'), Buffer.concat([data.subarray(0x11000), data.subarray(0, 0x11000)]));
  json('convert unrotate', ['convert', 'unrotate', out('rotated.bin'), '-o', out('unrotated.bin')]);
  json('convert decrypt', ['convert', 'decrypt', samplePath('bk7231n-ua.bin'), '-o', out('plain.bin'), '--trailer-out', out('plain.trailer.json')]);
  json('convert encrypt', ['convert', 'encrypt', out('plain.bin'), '--timestamp', '1', '-o', out('again.ua')]);
  json('convert rbl-pack', ['convert', 'rbl-pack', out('plain.bin'), '--fw-version', '1.0.0', '-o', out('app.rbl')]);
  json('convert rbl-unpack', ['convert', 'rbl-unpack', samplePath('bk7231n-app.rbl'), '-o', out('unpacked.bin')]);
  json('convert ug-wrap', ['convert', 'ug-wrap', samplePath('bk7231n-app.rbl'), '-o', out('app.ug')]);
  json('convert ug-unwrap', ['convert', 'ug-unwrap', out('app.ug'), '-o', out('unwrapped.rbl')]);

  const bl = samplePath('bl602-dump.bin');
  for (const part of ['boot2', 'table', 'firmware']) json('bl extract', ['bl', 'extract', bl, part, '-o', out(`bl-${part}.bin`)]);
  json('bl extract', ['bl', 'extract', samplePath('bl602-fw.ota'), 'app', '-o', out('bl-app.bin')]);
  json('bl wrap', ['bl', 'wrap', out('bl-app.bin'), '--template', samplePath('bl602-firmware.bin'), '-o', out('bl-wrapped.bin')]);
  json('bl ota', ['bl', 'ota', out('bl-firmware.bin'), '-o', out('bl.ota')]);
  json('bl merge', ['bl', 'merge', '--boot2', out('bl-boot2.bin'), '--table', out('bl-table.bin'), '--firmware', out('bl-firmware.bin'), '-o', out('bl-merged.bin')]);
  json('bl split', ['bl', 'split', bl, '-o', out('bl-split')]);

  json('tuya', ['tuya', dump]);
  json('tuya', ['tuya', samplePath('bk7231t-dump.bin')]);
  if (hasCorpus) json('tuya', ['tuya', corpusPath('beken', 'Globe_Electric_37783_RGBCT_Bulb_v2.0.0.bin'), '--template', out('template.json')]);
  json('obk', ['obk', samplePath('bk7231n-openbeken-dump.bin')]);
  json('obk', ['obk', dump]);
  json('redact', ['redact', dump, '-o', out('redacted.bin')]);
  writeFileSync(out('boot.log'), 'V:BK7231N_1.0.1\r\nREG:cpsr spsr\r\nbk_wlan_app_init\r\n');
  json('log', ['log', out('boot.log'), '--chip', 'bk7231n']);
  json('index', ['index', join(repoRoot, 'samples'), '-o', out('index.json')]);

  failing(['inspect', out('no-such-file.bin')]);
  failing(['convert', 'ua', samplePath('bl602-dump.bin'), '-o', out('x.bin')]);
  failing(['flash', 'read', out('x.bin'), '--port', out('no-such-port')]);
  failing(['flash', 'erase', '--port', out('no-such-port'), '--offset', 'zero']);
}

/** Runs `body` against `fwkit emulate <args>` and keeps the emulator's own document for `emulate`. */
async function onEmulator(args: string[], body: (port: string) => Promise<void>): Promise<void> {
  const emu = await startEmulatorProcess(args);
  seen.set('emulate', [...(seen.get('emulate') ?? []), { args: ['emulate', ...args], document: emu.document }]);
  try {
    await body(emu.port);
  } finally {
    await emu.stop();
  }
}

async function bekenFlash(): Promise<void> {
  const image = out('beken-flash.bin');
  copyFileSync(samplePath('bk7231n-dump.bin'), image);
  await onEmulator(['--chip', 'bk7231n', '--image', image, '--instant'], async (port) => {
    const base = ['--port', port, '--baud', '2000000'];
    const backups = ['--backup-dir', out('backups')];
    json('flash info', ['flash', 'info', ...base]);
    json('flash read', ['flash', 'read', out('beken-read.bin'), ...base, '--offset', '0x11000', '--length', '0x2000']);
    json('flash verify', ['flash', 'verify', samplePath('bk7231n-ua.bin'), ...base]);
    json('flash verify', ['flash', 'verify', samplePath('bk7231n-openbeken-dump.bin'), ...base]);
    json('flash erase', ['flash', 'erase', ...base, '--offset', '0x1f0000', '--length', '0x2000']);
    json('flash write', ['flash', 'write', samplePath('bk7231n-openbeken-dump.bin'), ...base, ...backups, '--keep-identity']);
    json('flash restore', ['flash', 'restore', samplePath('bk7231n-dump.bin'), ...base, ...backups, '--replace-identity']);
    json('backups', ['backups', ...backups]);
  });
}

async function bouffaloFlash(): Promise<void> {
  const image = out('bl602-flash.bin');
  copyFileSync(samplePath('bl602-dump.bin'), image);
  const loader = out('loader.bin');
  writeFileSync(loader, syntheticLoader('placeholder'));
  await onEmulator(['--chip', 'bl602', '--image', image, '--instant'], async (port) => {
    const base = ['--chip', 'bouffalo', '--port', port, '--loader', loader];
    const backups = ['--backup-dir', out('backups')];
    await jsonAsync('flash info', ['flash', 'info', ...base]);
    await jsonAsync('flash read', ['flash', 'read', out('bl-read.bin'), ...base, '--offset', '0x10000', '--length', '0x2000']);
    await jsonAsync('flash verify', ['flash', 'verify', samplePath('bl602-firmware.bin'), ...base]);
    await jsonAsync('flash erase', ['flash', 'erase', ...base, '--offset', '0xf0000', '--length', '0x1000']);
    await jsonAsync('flash write', ['flash', 'write', samplePath('bl602-firmware.bin'), ...base, ...backups]);
    await jsonAsync('flash restore', ['flash', 'restore', samplePath('bl602-dump.bin'), ...base, ...backups]);
    await jsonAsync('backups', ['backups', ...backups]);
  });
}

/** BL616: the boot ROM alone serves info, read, erase, write and verify (a real SDK image from the corpus). */
async function bl616Commands(): Promise<void> {
  if (!hasCorpus) return;
  const image = out('bl616-flash.bin');
  writeFileSync(image, bl616Flash(new Uint8Array(readFileSync(BL616_FIRMWARE))));
  await onEmulator(['--chip', 'bl616', '--image', image, '--instant'], async (port) => {
    const base = ['--chip', 'bl616', '--port', port];
    await jsonAsync('flash info', ['flash', 'info', ...base]);
    await jsonAsync('flash read', ['flash', 'read', out('bl616-read.bin'), ...base, '--offset', '0x10000', '--length', '0x2000']);
    await jsonAsync('flash erase', ['flash', 'erase', ...base, '--offset', '0x100000', '--length', '0x1000']);
    await jsonAsync('flash write', ['flash', 'write', BL616_FIRMWARE, ...base, '--backup-dir', out('backups-616')]);
    await jsonAsync('flash verify', ['flash', 'verify', BL616_FIRMWARE, ...base]);
  });
}

async function logDevice(): Promise<void> {
  await onEmulator(['--log', 'wrong-firmware'], async (port) => {
    await jsonAsync('monitor', ['monitor', '--port', port, '--chip', 'bk7231n', '--duration', '1.5']);
  });
}

test('every command has a schema in schemas/, and every schema belongs to a command', async () => {
  const names = new Set((await allCommands()).map(schemaFile));
  const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json') && !['common.schema.json', 'error.schema.json'].includes(f));
  assert.deepEqual([...names].filter((n) => !files.includes(n)), [], 'commands without a schema');
  assert.deepEqual(files.filter((f) => !names.has(f)), [], 'schemas of no command');
  assert.ok(names.has('flash-read.schema.json') && names.has('convert-ua.schema.json') && names.size >= 30, 'the walk finds the subcommands');
});

test("every command's --json output validates against its schema", async (t) => {
  fileCommands();
  await bekenFlash();
  await bouffaloFlash();
  await bl616Commands();
  await logDevice();
  const { validate, error } = loadValidators();
  const missing = (await allCommands()).filter((command) => !seen.has(command));
  assert.deepEqual(missing, [], 'commands this test does not run');
  const problems: string[] = [];
  for (const [command, runs] of seen) {
    const check = validate(command);
    for (const { args, document } of runs) {
    if (!check(document)) problems.push(`fwkit ${args.join(' ')}: ${JSON.stringify(check.errors?.slice(0, 3))}`);
    }
  }
  for (const { args, document } of errors) {
    if (!error(document)) problems.push(`fwkit ${args.join(' ')} (error): ${JSON.stringify(error.errors?.slice(0, 3))}`);
  }
  assert.deepEqual(problems, []);
  const families = seen.get('flash info')!.map(({ document }) => (document as { family: string }).family);
  assert.deepEqual(families, hasCorpus ? ['BK7231N', 'BL602', 'BL616'] : ['BK7231N', 'BL602'], 'each flasher ran');
  const count = [...seen.values()].reduce((sum, runs) => sum + runs.length, 0);
  t.diagnostic(`${count} documents of ${seen.size} commands valid, and ${errors.length} error documents`);
});

test('the schemas catch drift: a renamed field, a hex id in another form and an unknown field all fail', () => {
  const { validate } = loadValidators();
  const erase = { family: 'BK7231N', offset: 0x1f0000, length: 0x2000, bytesErased: 0x2000, verified: true };
  assert.equal(validate('flash erase')(erase), true, JSON.stringify(validate('flash erase').errors));
  const { bytesErased, ...rest } = erase;
  assert.equal(validate('flash erase')({ ...rest, sectorsErased: bytesErased / 0x1000 }), false, 'the old field name');
  assert.equal(validate('flash erase')({ ...erase, chip: 'BK7231N' }), false, 'an unknown field');
  const emulated = { port: '/dev/pts/3', family: 'BK7231N', flashSize: 0x200000, flashId: '0xeb6015' };
  assert.equal(validate('emulate')(emulated), true, JSON.stringify(validate('emulate').errors));
  assert.equal(validate('emulate')({ ...emulated, flashId: 'EB6015' }), false, 'an id not in the 0x lower-case form');
  assert.equal(validate('emulate')({ ...emulated, family: 'bk7231n' }), false, 'a family not in upper case');
  assert.ok(existsSync(join(schemaDir, 'common.schema.json')));
});
