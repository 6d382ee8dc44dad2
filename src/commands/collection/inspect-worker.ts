/**
 * Worker-thread entry of `fwkit inspect <many>` and `fwkit index`: reads, inspects and hashes one file
 * per task. An explicit file so that a bundler can emit it as its own entry point beside the pool.
 */
import { parentPort } from 'node:worker_threads';
import { inspectFile, type FileRecord, type FileTask } from './inspect-file.js';
import { serveTasks } from './pool.js';

serveTasks<FileTask, FileRecord>(parentPort, inspectFile);
