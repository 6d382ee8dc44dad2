import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderedPool } from '../../src/commands/collection/pool.js';

const workerUrl = new URL('./order-worker.js', import.meta.url);

async function collect(count: number, jobs: number, window: number): Promise<{ outputs: number[]; aheadMost: number }> {
  let pulled = 0;
  let consumed = 0;
  let aheadMost = 0;
  async function* inputs(): AsyncGenerator<number> {
    for (let n = 0; n < count; n++) {
      pulled++;
      aheadMost = Math.max(aheadMost, pulled - consumed);
      yield n;
    }
  }
  const outputs: number[] = [];
  for await (const output of orderedPool<number, number>(inputs(), { workerUrl, jobs, window, onWorkerDeath: (n) => -n })) {
    outputs.push(output);
    consumed++;
  }
  return { outputs, aheadMost };
}

test('outputs come in input order whatever the number of workers, and a dead worker is replaced', async () => {
  const expected = Array.from({ length: 40 }, (_, n) => (n === 13 ? -13 : n * n));
  for (const jobs of [1, 2, 3]) {
    const { outputs } = await collect(40, jobs, jobs * 4);
    assert.deepEqual(outputs, expected, `--jobs ${jobs}`);
  }
});

test('the pool never reads more than its window ahead of what was consumed', async () => {
  const { outputs, aheadMost } = await collect(60, 3, 5);
  assert.equal(outputs.length, 60);
  assert.ok(aheadMost <= 5, `read ${aheadMost} inputs ahead`);
});

test('an empty input ends at once and starts no worker', async () => {
  const { outputs } = await collect(0, 4, 8);
  assert.deepEqual(outputs, []);
});
