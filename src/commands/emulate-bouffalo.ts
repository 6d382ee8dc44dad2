/** `fwkit emulate --chip bl602|bl702|bl616`: a Bouffalo boot ROM (and eflash_loader) behind a pseudo-terminal. */
import type { Argv } from 'yargs';
import { BouffaloEmulator, type EmulatedChip } from '../flash/emulator/bouffalo.js';
import type { FaultOptions } from '../flash/emulator/faults.js';
import type { FlashIdFailure } from '../flash/emulator/bouffalo-flash.js';
import { openChipPort } from '../flash/emulator/chip-port.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, writeFileAtomic } from './files.js';
import { printJson, type CommonOptions } from './run.js';
import { hexId } from '../jobs/json-values.js';
import { deviceError } from './serial-errors.js';
import { numberOption } from './numbers.js';

export interface BouffaloEmulateArgs extends CommonOptions {
  chip: string;
  image: string;
  save?: boolean;
  instant?: boolean;
  wireBaud: number;
  romWireBaud: number;
  faults: FaultOptions;
  /** The JEDEC id the flash answers (--flash-id). */
  flashId?: Uint8Array;
  flashIdFails?: FlashIdFailure;
  /** --read-protected: the eFuse enforces signed and encrypted images. */
  readProtected?: boolean;
}

/**
 * What --read-protected burns into the emulated eFuse: image signing (ECDSA, sign type 1) and AES-128 flash
 * encryption (type 1), the settings that keep a flash from being read out over UART (spec 5.1: byte 4 sign
 * type, byte 5 encryption; a host must then send signed and encrypted images).
 */
const READ_PROTECTION = { signType: 1, encrypted: 1 };

/** Options only the Bouffalo emulator reads. */
export function withBouffaloEmulateOptions<T>(y: Argv<T>) {
  return y
    .option('wire-baud', numberOption('wire-baud', 'baud', { default: 2_000_000, describe: 'Bouffalo: pace the eflash_loader traffic (BL616: the traffic after clk_set) as if the UART ran at this baud' }))
    .option('rom-wire-baud', numberOption('rom-wire-baud', 'baud', { default: 500_000, describe: 'Bouffalo: pace the boot ROM traffic at this baud' }));
}

/** The flash the emulator holds: the image, padded with 0xFF to the next power of two (at least 1 MiB). */
export function emulatedFlash(image: Uint8Array, file: string): Uint8Array {
  let size = 1 << 20;
  while (size < image.length) size *= 2;
  if (size > 16 << 20) throw new UserError(`${file}: ${image.length} bytes is larger than any Bouffalo flash fwkit emulates (16 MiB)`);
  const flash = new Uint8Array(size).fill(0xff);
  flash.set(image);
  return flash;
}

export async function runBouffaloEmulator(args: BouffaloEmulateArgs): Promise<number> {
  const chipName = args.chip.toLowerCase();
  if (chipName !== 'bl602' && chipName !== 'bl702' && chipName !== 'bl616') throw new UserError(`--chip ${args.chip}: the Bouffalo emulator is a bl602, a bl702 or a bl616`, ExitCode.usage);
  const image = readInputFile(args.image);
  const flash = emulatedFlash(image, args.image);
  const chip = new BouffaloEmulator({
    chip: chipName as EmulatedChip,
    flash,
    throttleBaud: args.instant ? 0 : args.wireBaud,
    romBaud: args.instant ? 0 : args.romWireBaud,
    faults: args.faults,
    jedecId: args.flashId,
    flashIdFails: args.flashIdFails,
    efuseSecurity: args.readProtected ? READ_PROTECTION : undefined,
  });
  let stop: () => Promise<void>;
  let port: string;
  try {
    const opened = await openChipPort();
    const detach = chip.attach(opened.device, opened.line);
    port = opened.hostPath;
    stop = async () => {
      detach();
      await opened.close();
    };
  } catch (error) {
    throw deviceError(error);
  }
  const name = chipName.toUpperCase();
  if (args.json) printJson({ port, family: name, flashSize: flash.length, flashId: hexId(args.flashId ? Buffer.from(args.flashId).toString('hex') : 0xef4000 + Math.log2(flash.length)) });
  else {
    const rom616 = chipName === 'bl616';
    const what = rom616 ? 'boot ROM with its own flash commands' : 'boot ROM, then eflash_loader';
    const loader = rom616 ? '' : ' --loader <eflash_loader file>';
    process.stdout.write(`${name} emulator (${what}) ready on ${port}\nflash with: fwkit flash info --chip ${chipName} --port ${port}${loader}   (Ctrl-C stops${args.save ? ' and saves the flash to ' + args.image : ''})\n`);
  }
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  await stop();
  // a shorter (merged) image stays as long as it was, unless data was written past its end
  let end = flash.length;
  while (end > image.length && flash[end - 1] === 0xff) end--;
  if (args.save) writeFileAtomic(args.image, flash.subarray(0, end), { overwrite: true, replacesInput: true });
  const s = chip.stats;
  process.stderr.write(`emulator stopped: ${s.frames} commands, ${s.bytesIn} bytes in, ${s.bytesOut} bytes out, ${s.faultsInjected} faults injected${args.save ? `; flash saved to ${args.image}` : ''}\n`);
  return ExitCode.ok;
}
