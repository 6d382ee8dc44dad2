import { createHash } from 'node:crypto';
import { checkExpectedFamily, inspectImage } from '../../formats/inspect.js';
import type { InspectReport } from '../../formats/report.js';
import { readTuyaConfig } from '../../formats/tuya/config.js';
import { describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { readInputFile } from '../files.js';
import { familyName } from '../../jobs/json-values.js';

/** The Tuya side of a device, as `fwkit tuya --json` names it: module, family and mapped pins. */
export interface TuyaDevice {
  module: string | null;
  family: string | null;
  pins: Array<{ pin: number; role: string; channel: number | null; tuyaKey: string }>;
}

/** One file of a collection: its inspect report with the content hash and Tuya device, or why it could not be read. */
export type FileRecord = InspectedFile | UnreadableFile;

export interface InspectedFile {
  file: string;
  report: InspectReport;
  sha256: string;
  tuyaDevice: TuyaDevice | null;
}

export interface UnreadableFile {
  file: string;
  /** One sentence naming the file and the problem. */
  error: string;
  exitCode: number;
}

export interface FileTask {
  /** The path to read and to show. */
  path: string;
  /** Set when the walk already knows the path cannot be read (a folder that cannot be listed). */
  error?: string;
  /** The chip the user expects (`--family`). */
  family?: string;
}

export function isUnreadable(record: FileRecord): record is UnreadableFile {
  return 'error' in record;
}

function tuyaDevice(data: Uint8Array): TuyaDevice | null {
  const config = readTuyaConfig(data);
  if (!config.found) return null;
  return {
    module: config.module,
    family: familyName(config.chip),
    pins: config.mapping.pins.map(({ pin, role, channel, tuyaKey }) => ({ pin, role, channel, tuyaKey })),
  };
}

/** Everything a collection needs of one file; never throws: a file that fails becomes an `UnreadableFile`. */
export function inspectFile(task: FileTask): FileRecord {
  if (task.error) return { file: task.path, error: task.error, exitCode: ExitCode.badInput };
  try {
    const data = readInputFile(task.path);
    const found = inspectImage(data);
    const report = task.family ? checkExpectedFamily(found, task.family) : found;
    return { file: task.path, report, sha256: createHash('sha256').update(data).digest('hex'), tuyaDevice: tuyaDevice(data) };
  } catch (error) {
    const { message, exitCode } = describeError(error, task.path);
    return { file: task.path, error: message, exitCode };
  }
}

/** The line `fwkit inspect --json` prints for a file of a collection: the single-file document plus hash and Tuya device. */
export function recordJson(record: FileRecord): Record<string, unknown> {
  if (isUnreadable(record)) return { file: record.file, error: record.error, exitCode: record.exitCode };
  return { file: record.file, ...record.report, sha256: record.sha256, tuyaDevice: record.tuyaDevice };
}
