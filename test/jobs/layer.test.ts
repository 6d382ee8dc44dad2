import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const jobsDir = join(repoRoot, 'src', 'jobs');

test('src/jobs stays browser-safe: no node: modules, files, processes, console, Buffer, nor imports of the commands', () => {
  const files = readdirSync(jobsDir, { recursive: true }).map(String).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length >= 8, `${files.length} job files`);
  for (const name of files) {
    const source = readFileSync(join(jobsDir, name), 'utf8');
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(code, /from '(node:|fs|path|os|child_process|serialport)/, `${name} imports a Node module`);
    assert.doesNotMatch(code, /from '\.\.\/(commands|cli)/, `${name} imports upward`);
    assert.doesNotMatch(code, /\b(process|console|Buffer)\./, `${name} uses a Node global`);
  }
});
