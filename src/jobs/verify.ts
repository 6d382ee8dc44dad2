/** The verify jobs: the chip compared with a file by its own digest, without reading the flash out. */
import { verifyRange } from '../flash/beken/operations.js';
import { VERIFY_BLOCK } from '../flash/bouffalo/client.js';
import { bytesEqual, sha256Of } from '../formats/bytes.js';
import type { BekenSession } from './beken-device.js';
import { chipName, type BouffaloTarget } from './bouffalo-device.js';
import { checkRange } from './job-error.js';
import { withProgress, type JobHooks } from './ports.js';

export interface VerifyRequest {
  data: Uint8Array;
  offset: number;
}

/** Beken: the 4 KiB sectors that differ (CRC-32 per 64 KiB block, then per sector). */
export async function bekenVerify(request: VerifyRequest, session: BekenSession, hooks: JobHooks): Promise<{ family: string; differingSectors: number[] }> {
  const { data, offset } = request;
  checkRange(offset, Math.ceil(data.length / 0x1000) * 0x1000, session.info.flashSize);
  const differingSectors = await withProgress(hooks, 'verify', (progress) => verifyRange(session, offset, data, (done, total) => progress.update(done, total)));
  return { family: session.info.family, differingSectors };
}

/** Bouffalo: the 64 KiB blocks whose chip SHA-256 differs. */
export async function bouffaloVerify(request: VerifyRequest, session: BouffaloTarget, hooks: JobHooks): Promise<{ chip: string; differingBlocks: number[] }> {
  const { data, offset } = request;
  checkRange(offset, Math.ceil(data.length / 0x1000) * 0x1000, session.info.flashSize);
  const differingBlocks: number[] = [];
  await withProgress(hooks, 'verify', async (progress) => {
    for (let start = 0; start < data.length; start += VERIFY_BLOCK) {
      const block = data.subarray(start, start + VERIFY_BLOCK);
      if (!bytesEqual(await session.client.flashSha256(offset + start, block.length), sha256Of(block))) differingBlocks.push(offset + start);
      progress.update(start + block.length, data.length);
    }
  });
  return { chip: chipName(session), differingBlocks };
}
