/** The write gate's override flags, the same for every chip; each refusal names the one that lifts it. */
import type { Argv } from 'yargs';
import { gateOptionsFrom, type GateOptions } from '../flash/gate/index.js';
import type { Verified } from '../jobs/verify.js';
import { ExitCode } from './exit-codes.js';
import { hex } from './flash-connect.js';
import { printJson } from './run.js';

/** The gate's options as yargs parses them: the same fields as the gate takes. */
export type GateArgs = GateOptions;

export function withGateOptions<T>(y: Argv<T>) {
  return y
    .option('overwrite-bootloader', { type: 'boolean', describe: "also write the bootloader region (Beken 0x0-0x10FFF, Bouffalo boot2 and partition tables) of a full image" })
    .option('keep-identity', { type: 'boolean', describe: "write a full dump of another device but keep this chip's RF calibration, MAC and Tuya keys" })
    .option('replace-identity', { type: 'boolean', describe: "write a full dump's RF calibration, MAC and Tuya keys over the chip's (clones that device)" })
    .option('force-family', { type: 'boolean', describe: 'write a file built for another chip family (bricks the device unless you know better)' })
    .option('force-damaged', { type: 'boolean', describe: 'write a file that inspect calls not restorable' })
    .option('force-offset', { type: 'boolean', describe: 'write at --offset although the content belongs elsewhere' })
    .option('force-no-firmware', { type: 'boolean', describe: 'write although the device would be left without firmware' })
    .conflicts('keep-identity', 'replace-identity');
}

export function gateOptions(args: GateArgs): GateOptions {
  return gateOptionsFrom(args);
}

/** A verify's answer, both vendors: what was compared, identical or which units differ (exit 1). */
export function renderVerify(args: { file: string; json?: boolean }, result: Verified, unit: string, how: string): number {
  const { plan, compared, family, differingSectors: differing, sectorSize } = result;
  const same = differing.length === 0;
  if (args.json) printJson({ file: args.file, family, kind: plan.kind, offset: plan.address, length: plan.data.length, compared, notes: plan.notes, identical: same, differingSectors: differing, sectorSize });
  else {
    process.stdout.write(
      same
        ? `the flash holds ${args.file}: compared ${compared} ${how}, identical\n`
        : `${differing.length} ${unit} differ from ${args.file}, first at ${hex(differing[0]!)}; compared ${compared} ${how}\n`,
    );
  }
  return same ? ExitCode.ok : ExitCode.negative;
}
