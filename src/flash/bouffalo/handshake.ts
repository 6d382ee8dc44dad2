import type { BouffaloChip } from './boot-info.js';
import { sleep, type IspLink } from './link.js';

/** Burst of 0x55 long enough for the chip's auto-baud: ~6 ms on BL602, ~3 ms on BL702 (spec 4.2). */
export function syncBurstLength(chip: BouffaloChip | 'auto', baudRate: number): number {
  const seconds = chip === 'bl702' ? 0.003 : 0.006;
  return Math.min(600, Math.max(16, Math.round((seconds * baudRate) / 10)));
}

export interface HandshakeOptions {
  chip: BouffaloChip | 'auto';
  attempts?: number;
  replyTimeoutMs?: number;
  /** Called before every attempt after the first (e.g. to pulse the reset line). */
  beforeRetry?: (attempt: number) => Promise<void>;
}

/**
 * Sends 0x55 bursts until the chip answers "OK", then waits and discards trailing bytes so that
 * surplus sync bytes are never parsed as the reply of the next command. Returns false when the
 * chip never answered.
 */
export async function handshake(link: IspLink, options: HandshakeOptions): Promise<boolean> {
  const attempts = options.attempts ?? 5;
  const burst = new Uint8Array(syncBurstLength(options.chip, link.baudRate)).fill(0x55);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await options.beforeRetry?.(attempt);
    await link.drain(5, 50);
    await link.write(burst);
    let reply: Uint8Array;
    try {
      const first = await link.read(1, options.replyTimeoutMs ?? 250);
      await sleep(20); // the chip needs the pause too, before the first command
      reply = Uint8Array.from([...first, ...(await link.drain(5, 100))]);
    } catch {
      reply = new Uint8Array(0);
    }
    // Bouffalo's own tool accepts either letter ("O" or "K"): a damaged byte right after sync is common.
    if (reply.includes(0x4f) || reply.includes(0x4b)) return true;
  }
  return false;
}
