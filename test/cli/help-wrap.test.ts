import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cliPath, repoRoot } from '../support/paths.js';
import { separateAnnotations } from '../../src/commands/help.js';

/** `fwkit <words> --help` with the output piped and COLUMNS set, as a script or a narrow terminal sees it. */
function help(words: string[], columns: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...words, '--help'], { cwd: repoRoot, env: { ...process.env, COLUMNS: String(columns) } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.once('error', reject);
    child.once('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`${words.join(' ')} --help exited ${status}`))));
  });
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

// The top level and the commands with the longest help lines (every run costs a process, and the top
// level loads every command).
const COMMANDS = [[], ['flash', 'write'], ['flash', 'info'], ['emulate'], ['monitor'], ['tuya'], ['convert', 'encrypt'], ['bl', 'merge']];

test('command helps at 80 columns: no line longer, and no word cut at a line break', async () => {
  await Promise.all(
    COMMANDS.map(async (command) => {
      const [narrow, unwrapped] = await Promise.all([help(command, 80), help(command, 2000)]);
      const name = `fwkit ${command.join(' ')} --help`;
      assert.match(narrow, /Exit codes:/, `${name} is a whole help`);
      for (const line of narrow.split('\n')) assert.ok(line.length <= 80, `${name}: a line of ${line.length} columns: ${line}`);
      // A word cut in two leaves pieces that the unwrapped help (where nothing is cut) does not have.
      const vocabulary = new Set(words(unwrapped));
      const pieces = words(narrow).filter((word) => !vocabulary.has(word));
      assert.deepEqual(pieces, [], `${name}: words cut at line breaks`);
    }),
  );
});

test('an annotation never sticks to a description that ends where it begins', () => {
  const line = '  --template      write an OpenBeken device template (JSON) to this file[string]';
  assert.equal(separateAnnotations(line, 80), `  --template      write an OpenBeken device template (JSON) to this file\n${' '.repeat(72)}[string]`);
  const spaced = '  --overwrite     replace the --template file if it exists             [boolean]';
  assert.equal(separateAnnotations(spaced, 80), spaced);
});
