import { sha256Of } from '../../formats/bytes.js';
import { Command } from '../bouffalo/commands.js';
import { okDataReply, okReply, pendingReply, u32At } from '../bouffalo/frame.js';
import { RomRefusal } from './bouffalo-rom.js';

/**
 * The flash command set (spec 4.6) over an in-memory NOR flash, as the BL602/BL702 eflash_loader and the
 * BL616/BL618 boot ROM both serve it: JEDEC id, erase (inclusive end), chip erase, program (bits only
 * cleared), write check, read, SHA-256. Refusals carry the chip's error codes (spec 4.13).
 */
const SECTOR = 4096;
/** JEDEC manufacturer and type of the emulated flash (a Winbond W25Q-series part). */
const JEDEC_PREFIX = [0xef, 0x40];

export const FLASH_COMMANDS: ReadonlySet<number> = new Set([
  Command.flashReadJedecId,
  Command.flashErase,
  Command.flashChipErase,
  Command.flashWrite,
  Command.flashWriteCheck,
  Command.flashRead,
  Command.flashReadSha256,
]);

/** How a failing JEDEC read shows itself: an error reply, or no reply at all. */
export type FlashIdFailure = 'error' | 'silent';

export interface FlashCommandOptions {
  flash: Uint8Array;
  /** The JEDEC id to report (e.g. 000000 for a flash that does not answer); default EF40 + log2(size). */
  jedecId?: Uint8Array;
  /** The flash id read fails: answered with FL0001 (error), or not at all (silent). */
  flashIdFails?: FlashIdFailure;
  /** Line noise on an identifying reply (see FaultInjector.damageId). */
  damageId?: (reply: Uint8Array, index: number) => Uint8Array;
  /** Longest flash_read the chip serves. */
  maxRead: number;
  /** Whether long erases announce themselves with "PD" before the final answer. */
  pending: boolean;
  /** Sends a reply ahead of the final one ("PD"). */
  send: (bytes: Uint8Array) => Promise<void>;
  /** Counts flash bytes sent by flash_read. */
  onRead?: (bytes: number) => void;
}

export class EmulatedFlashCommands {
  private writeFailed = false;

  constructor(private readonly options: FlashCommandOptions) {}

  private range(payload: Uint8Array, code: number): [number, number] {
    if (payload.length < 8) throw new RomRefusal(code);
    return [u32At(payload, 0), u32At(payload, 4)];
  }

  /** The reply to one of FLASH_COMMANDS (null: none is sent); throws RomRefusal with the code the chip answers. */
  async run(id: number, payload: Uint8Array): Promise<Uint8Array | null> {
    const { flash } = this.options;
    switch (id) {
      case Command.flashReadJedecId: {
        // [I] no source gives the loader's code for a failed JEDEC read; FL0001 is FLASH_INIT_ERROR
        if (this.options.flashIdFails === 'error') throw new RomRefusal(0x0001);
        if (this.options.flashIdFails === 'silent') return null;
        const reply = okDataReply(this.options.jedecId ? Uint8Array.of(...this.options.jedecId, 0x80) : Uint8Array.of(...JEDEC_PREFIX, Math.log2(flash.length), 0x80));
        return this.options.damageId?.(reply, 6) ?? reply; // byte 6: the capacity
      }
      case Command.flashErase: {
        const [start, end] = this.range(payload, 0x0002);
        if (end < start || end >= flash.length) throw new RomRefusal(0x0002);
        const first = Math.floor(start / SECTOR) * SECTOR;
        const last = Math.floor(end / SECTOR) * SECTOR + SECTOR;
        flash.fill(0xff, first, last);
        if (this.options.pending && last - first > 0x10000) await this.options.send(pendingReply());
        return okReply();
      }
      case Command.flashChipErase:
        flash.fill(0xff);
        if (this.options.pending) await this.options.send(pendingReply());
        return okReply();
      case Command.flashWrite: {
        if (payload.length < 5) throw new RomRefusal(0x0004);
        const address = u32At(payload, 0);
        const data = payload.subarray(4);
        if (address + data.length > flash.length) {
          this.writeFailed = true;
          throw new RomRefusal(0x0005);
        }
        // NOR flash: programming only clears bits
        for (let index = 0; index < data.length; index++) flash[address + index]! &= data[index]!;
        return okReply();
      }
      case Command.flashWriteCheck: {
        const failed = this.writeFailed;
        this.writeFailed = false;
        if (failed) throw new RomRefusal(0x0006);
        return okReply();
      }
      case Command.flashRead: {
        const [address, length] = this.range(payload, 0x0004);
        if (length > this.options.maxRead || address + length > flash.length) throw new RomRefusal(0x0004);
        this.options.onRead?.(length);
        return okDataReply(flash.slice(address, address + length));
      }
      case Command.flashReadSha256: {
        const [address, length] = this.range(payload, 0x0004);
        if (address + length > flash.length) throw new RomRefusal(0x0004);
        return okDataReply(sha256Of(flash.subarray(address, address + length)));
      }
      default:
        throw new RomRefusal(0x0101);
    }
  }
}
