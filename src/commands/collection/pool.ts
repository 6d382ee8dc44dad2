import { Worker, type MessagePort } from 'node:worker_threads';

/** What the main thread sends a worker, and what comes back: one task at a time per worker. */
export interface TaskMessage<I> {
  seq: number;
  input: I;
}
export interface ResultMessage<O> {
  seq: number;
  output: O;
}

export interface PoolOptions<I, O> {
  /** The worker's entry file (it calls `serveTasks`). */
  workerUrl: URL;
  /** Workers at most; they start only when there is work for them. */
  jobs: number;
  /** Tasks read ahead of the oldest unfinished one: bounds memory however many inputs there are. */
  window?: number;
  /** The output for a task whose worker died (a crash, out of memory): the run goes on with a new worker. */
  onWorkerDeath: (input: I, error: Error) => O;
}

interface Slot<I> {
  worker: Worker;
  task: TaskMessage<I> | null;
}

/**
 * Runs every input through a pool of worker threads and yields the outputs in input order.
 * Inputs are pulled lazily, and no more than `window` of them are in flight or waiting to be yielded,
 * so memory stays flat however long the input is; the order (and so the output) does not depend on
 * how many workers there are or which finishes first.
 */
export async function* orderedPool<I, O>(inputs: AsyncIterable<I>, options: PoolOptions<I, O>): AsyncGenerator<O> {
  const jobs = Math.max(1, Math.floor(options.jobs));
  const window = Math.max(jobs, options.window ?? jobs * 4);
  const source = inputs[Symbol.asyncIterator]();
  const slots: Slot<I>[] = [];
  const idle: Slot<I>[] = [];
  const done = new Map<number, O>();
  let nextSeq = 0;
  let nextOut = 0;
  let exhausted = false;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  const finish = (slot: Slot<I>, output: O): void => {
    if (!slot.task) return;
    done.set(slot.task.seq, output);
    slot.task = null;
    signal();
  };

  const spawn = (): Slot<I> => {
    const slot: Slot<I> = { worker: new Worker(options.workerUrl), task: null };
    slot.worker.on('message', (message: ResultMessage<O>) => {
      finish(slot, message.output);
      idle.push(slot);
    });
    const die = (error: Error): void => {
      const task = slot.task;
      slots.splice(slots.indexOf(slot), 1);
      const at = idle.indexOf(slot);
      if (at >= 0) idle.splice(at, 1);
      if (task) finish(slot, options.onWorkerDeath(task.input, error));
      signal();
    };
    slot.worker.once('error', die);
    slot.worker.once('exit', (code) => {
      if (slots.includes(slot)) die(new Error(`worker stopped with code ${code}`));
    });
    slots.push(slot);
    return slot;
  };

  try {
    for (;;) {
      while (!exhausted && nextSeq - nextOut < window) {
        const slot = idle.pop() ?? (slots.length < jobs ? spawn() : undefined);
        if (!slot) break;
        const next = await source.next();
        if (next.done) {
          exhausted = true;
          idle.push(slot);
          break;
        }
        slot.task = { seq: nextSeq++, input: next.value };
        slot.worker.postMessage(slot.task);
      }
      if (done.has(nextOut)) {
        const output = done.get(nextOut) as O;
        done.delete(nextOut++);
        yield output;
        continue;
      }
      if (exhausted && nextOut === nextSeq) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    const workers = slots.splice(0).map((slot) => slot.worker);
    await Promise.all(workers.map((worker) => worker.terminate()));
    await source.return?.();
  }
}

/** The worker side: answers each task with `handle(input)`, one at a time, until the pool ends it. */
export function serveTasks<I, O>(port: MessagePort | null, handle: (input: I) => O): void {
  if (!port) throw new Error('a pool worker must run inside a worker thread');
  port.on('message', (task: TaskMessage<I>) => {
    const message: ResultMessage<O> = { seq: task.seq, output: handle(task.input) };
    port.postMessage(message);
  });
}
