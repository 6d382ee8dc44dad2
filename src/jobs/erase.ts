/** The erase jobs: a range made blank, skipping what already is, checked by the chip's digest. */
import { BOOTLOADER_END, familyTraits } from '../flash/beken/families.js';
import { eraseRange, TransferInterruptedError } from '../flash/beken/operations.js';
import { unprotectFlash } from '../flash/beken/session.js';
import { VERIFY_BLOCK } from '../flash/bouffalo/client.js';
import { bytesEqual, sha256Of } from '../formats/bytes.js';
import type { BekenSession } from './beken-device.js';
import { chipName, type BouffaloTarget } from './bouffalo-device.js';
import { checkRange, hex, JobError } from './job-error.js';
import { withProgress, type JobHooks } from './ports.js';

export interface EraseRequest {
  offset?: number;
  length?: number;
  all?: boolean;
  overwriteBootloader?: boolean;
}

/** Refused before the port opens: an erase names its range. */
export function checkEraseRequest(request: EraseRequest): void {
  if (!request.all && (request.offset === undefined || request.length === undefined)) throw new JobError('name a range with --offset and --length, or pass --all', 'usage');
}

export interface EraseResult {
  offset: number;
  length: number;
  /** Beken: 4 KiB sectors; Bouffalo: 64 KiB blocks. */
  erased: number;
}

export async function bekenErase(request: EraseRequest, session: BekenSession, hooks: JobHooks): Promise<EraseResult & { family: string }> {
  const { info: chip } = session;
  const offset = request.all ? (request.overwriteBootloader ? 0 : BOOTLOADER_END) : request.offset!;
  const length = request.all ? chip.flashSize - offset : request.length!;
  checkRange(offset, length, chip.flashSize);
  if (offset < BOOTLOADER_END && !request.overwriteBootloader) {
    throw new JobError(`the range starts at ${hex(offset)}, inside the bootloader (0x0-0x10FFF); erasing it leaves a device that does not boot: pass --overwrite-bootloader if you mean it`, 'refused');
  }
  if (offset < BOOTLOADER_END && familyTraits(chip.family).guardsBootloader) hooks.say(`warning: erasing the ${chip.family} bootloader: only a raw SPI programmer can bring it back`);
  await unprotectFlash(session.client, chip);
  try {
    const erased = await withProgress(hooks, 'erase', (progress) => eraseRange(session, offset, offset + length, (done, total) => progress.update(done, total)));
    return { family: chip.family, offset, length, erased };
  } catch (error) {
    if (error instanceof TransferInterruptedError) {
      throw new JobError(`the erase stopped at ${hex(error.address)} (${error.cause.message}); run the same command again to finish it`, 'device');
    }
    throw error;
  }
}

export async function bouffaloErase(request: EraseRequest, session: BouffaloTarget, hooks: JobHooks): Promise<EraseResult & { chip: string }> {
  const { client, info } = session;
  const offset = request.all ? 0 : request.offset!;
  const length = request.all ? info.flashSize : request.length!;
  checkRange(offset, length, info.flashSize);
  // boot2 and the partition tables live below 0x10000; the mask-ROM UART boot always stays available
  if (offset < 0x10000) hooks.say(`note: erasing boot2 and the partition tables (below 0x10000): the device will not boot until a whole-flash image is written back; the boot ROM can still be reached with BOOT high`);
  let erased = 0;
  await withProgress(hooks, 'erase', async (progress) => {
    for (let at = offset; at < offset + length; at += VERIFY_BLOCK) {
      const size = Math.min(VERIFY_BLOCK, offset + length - at);
      const blank = sha256Of(new Uint8Array(size).fill(0xff));
      // already blank: nothing to do; otherwise erase and check by the chip's SHA-256
      if (!bytesEqual(await client.flashSha256(at, size), blank)) {
        await client.erase(at, size);
        if (!bytesEqual(await client.flashSha256(at, size), blank)) throw new JobError(`the flash at ${hex(at)} is not blank after erasing; it may be write-protected`, 'device');
        erased++;
      }
      progress.update(at + size - offset, length);
    }
  });
  return { chip: chipName(session), offset, length, erased };
}
