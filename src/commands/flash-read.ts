/** `fwkit flash read`: the flash to a file, physical order, CRC-checked, atomic, resumable. */
import { appendFileSync, existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { readRange, TransferInterruptedError, verifyRange } from '../flash/beken/operations.js';
import { sha256Of, toHex } from '../formats/bytes.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { refuseExisting, writeFileAtomic } from './files.js';
import { checkRange, hex, openSession, rate, type ConnectArgs } from './flash-connect.js';
import { transferProgress } from './progress.js';
import { printJson } from './run.js';
import { deviceError } from './serial-errors.js';

export interface ReadArgs extends ConnectArgs {
  out: string;
  offset: number;
  length?: number;
  resume?: boolean;
  overwrite?: boolean;
}

export function partialPath(out: string): string {
  return `${out}.partial`;
}

export async function flashRead(args: ReadArgs, say: (line: string) => void): Promise<number> {
  refuseExisting(args.out, args.overwrite);
  const partial = partialPath(args.out);
  if (existsSync(partial) && !args.resume) {
    throw new UserError(`${partial}: an earlier read of this file was interrupted; pass --resume to continue it, or delete it to start again`, ExitCode.refused);
  }
  const session = await openSession(args, say);
  try {
    const { info } = session;
    const offset = args.offset;
    const length = args.length ?? info.flashSize - offset;
    checkRange(offset, length, info.flashSize);
    let have = new Uint8Array(0);
    if (args.resume && existsSync(partial)) {
      const kept = statSync(partial).size;
      have = new Uint8Array(readFileSync(partial)).subarray(0, kept - (kept % 0x1000));
      if (have.length > length) throw new UserError(`${partial}: longer than the range being read; delete it and start again`, ExitCode.refused);
      // The kept part must still be what the chip holds, or the result would mix two flash states.
      if ((await verifyRange(session, offset, have)).length) {
        throw new UserError(`${partial}: no longer matches the chip's flash; delete it and read again`, ExitCode.refused);
      }
    } else if (!args.resume) {
      appendFileSync(partial, new Uint8Array(0));
    }
    const result = new Uint8Array(length);
    result.set(have, 0);
    const progress = transferProgress('read', !!args.json);
    const started = Date.now();
    try {
      await readRange(
        session,
        offset + have.length,
        offset + length,
        (address, data) => {
          result.set(data, address - offset);
          appendFileSync(partial, data);
        },
        (done) => progress.update(have.length + done, length),
      );
    } catch (error) {
      progress.stop();
      if (error instanceof TransferInterruptedError) {
        throw new UserError(
          `the read stopped at ${hex(error.address)} (${error.cause.message}); what was read so far is kept in ${partial}: run the same command with --resume to continue`,
          ExitCode.device,
        );
      }
      throw error;
    }
    progress.stop();
    const seconds = (Date.now() - started) / 1000;
    writeFileAtomic(args.out, result, { overwrite: !!args.overwrite });
    unlinkSync(partial);
    const summary = {
      output: args.out,
      family: info.family,
      offset,
      length,
      sha256: toHex(sha256Of(result)),
      verified: true,
      resumedFrom: have.length ? offset + have.length : null,
      retries: session.client.lineFaults,
      seconds,
      bytesPerSecond: rate(length - have.length, started),
      baudRate: info.baudRate,
    };
    if (args.json) printJson(summary);
    else process.stdout.write(`read ${length} bytes from ${hex(offset)} of the ${info.family} into ${args.out} (every 64 KiB checked by the chip's CRC) at ${summary.bytesPerSecond} B/s, ${info.baudRate} baud\n`);
    return ExitCode.ok;
  } catch (error) {
    throw deviceError(error);
  } finally {
    await session.close();
  }
}
