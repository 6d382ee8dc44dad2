import { FormatError } from '../errors.js';
import { checkWithinFlash } from '../largest-flash.js';
import { PT_MAX_ENTRIES, type PartitionEntry, type PartitionTable } from './partition-table.js';

/**
 * A partition table written as DevCube's partition_cfg TOML (or the same shape in JSON):
 * `[pt_table]` (optional `age`) and one `[[pt_entry]]` per partition with type, name, device,
 * address0/size0, address1/size1, len (and optional activeIndex, age). Numbers may be written as
 * "0x..." strings in JSON. Keys the table does not store (header, security) are accepted and ignored.
 * A partition reaching past the largest flash throws BeyondFlashError.
 */
export function partitionTableFromConfig(config: unknown): PartitionTable {
  if (!isRecord(config)) throw new FormatError(0, 'the partition configuration is not a table of settings');
  const entries = config.pt_entry;
  if (!Array.isArray(entries) || entries.length === 0) throw new FormatError(0, 'the partition configuration has no [[pt_entry]] list');
  if (entries.length > PT_MAX_ENTRIES) throw new FormatError(0, `the partition configuration has ${entries.length} entries, more than the ${PT_MAX_ENTRIES} allowed`);
  const table = isRecord(config.pt_table) ? config.pt_table : {};
  return { version: 0, age: optionalNumber(table, 'age', 'pt_table'), entries: entries.map((entry, i) => entryFromConfig(entry, i)) };
}

function entryFromConfig(entry: unknown, index: number): PartitionEntry {
  const where = `pt_entry ${index + 1}`;
  if (!isRecord(entry)) throw new FormatError(0, `${where} is not a table of settings`);
  const name = entry.name;
  if (typeof name !== 'string' || name === '') throw new FormatError(0, `${where} has no name`);
  const at = `pt_entry "${name}"`;
  for (const slot of ['0', '1']) {
    const address = optionalNumber(entry, `address${slot}`, at);
    checkWithinFlash(`${at}: the end of slot ${slot} (address${slot} + size${slot})`, address + optionalNumber(entry, `size${slot}`, at));
  }
  return {
    type: number(entry, 'type', at),
    device: optionalNumber(entry, 'device', at),
    activeIndex: optionalNumber(entry, 'activeIndex', at),
    name,
    address: [number(entry, 'address0', at), optionalNumber(entry, 'address1', at)],
    maxLength: [number(entry, 'size0', at), optionalNumber(entry, 'size1', at)],
    length: optionalNumber(entry, 'len', at),
    age: optionalNumber(entry, 'age', at),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function number(record: Record<string, unknown>, key: string, where: string): number {
  if (!(key in record)) throw new FormatError(0, `${where} has no ${key}`);
  return optionalNumber(record, key, where);
}

/** A non-negative 32-bit integer, given as a number or as decimal/"0x" hex text; 0 when absent. */
function optionalNumber(record: Record<string, unknown>, key: string, where: string): number {
  const value = record[key];
  if (value === undefined) return 0;
  const parsed = typeof value === 'number' || typeof value === 'bigint' ? Number(value) : typeof value === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 0xffffffff) throw new FormatError(0, `${where}: ${key} = ${JSON.stringify(String(value))} is not a 32-bit unsigned number`);
  return parsed;
}
