import { parse as parseToml, TomlError } from 'smol-toml';
import { hasMagic } from '../formats/bytes.js';
import { FormatError } from '../formats/errors.js';
import { extractPart } from '../formats/bouffalo/extract.js';
import { partitionTableFromConfig } from '../formats/bouffalo/partition-config.js';
import { encodePartitionTable } from '../formats/bouffalo/partition-table.js';
import { BeyondFlashError } from '../formats/largest-flash.js';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';

/** Parses a JSON or TOML partition configuration; one sentence naming the file and the line when it is not. */
function parseConfig(path: string, text: string): unknown {
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new UserError(`${path}: not valid JSON (${(error as Error).message})`);
    }
  }
  try {
    return parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) throw new UserError(`${path}: not valid TOML at line ${error.line}, column ${error.column} (${error.message.split('\n')[0]})`);
    throw error;
  }
}

/**
 * The bytes of a partition table given as partition.bin, as a dump or merged image (its active
 * table), or as DevCube-style TOML / JSON settings.
 */
export function readPartitionTableInput(path: string): Uint8Array {
  const data = readInputFile(path);
  if (hasMagic(data, 0, 'BFPT')) return data;
  if (hasMagic(data, 0, 'BFNP') || data.includes(0)) {
    try {
      return extractPart(data, 'table').bytes;
    } catch (error) {
      if (error instanceof FormatError) throw new UserError(`${path}: no partition table was found in it (${error.problem})`);
      throw error;
    }
  }
  try {
    return encodePartitionTable(partitionTableFromConfig(parseConfig(path, new TextDecoder().decode(data))));
  } catch (error) {
    if (error instanceof BeyondFlashError) throw new UserError(`${path}: ${error.message}`, ExitCode.usage);
    if (error instanceof FormatError || error instanceof RangeError) throw new UserError(`${path}: ${error instanceof FormatError ? error.problem : error.message}`);
    throw error;
  }
}
