/** A pool worker for the pool's own tests: answers n with n * n after a wait that shrinks as n grows, and dies on 13. */
import { parentPort } from 'node:worker_threads';
import { serveTasks } from '../../src/commands/collection/pool.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

serveTasks<number, number>(parentPort, (n) => {
  if (n === 13) process.exit(7);
  Atomics.wait(sleeper, 0, 0, (20 - (n % 20)) * 2);
  return n * n;
});
