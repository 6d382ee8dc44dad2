import { Command } from '../bouffalo/commands.js';
import { IDLE_RESET_MS, okReply, u32At } from '../bouffalo/frame.js';
import { a0TimeoutMs, BL616_A0_TIMEOUT_REGISTER, DEFAULT_FLASH_PIN } from '../bouffalo/bl616.js';
import { FLASH_COMMANDS, type EmulatedFlashCommands } from './bouffalo-flash.js';
import { RomRefusal } from './bouffalo-rom.js';

/**
 * The part of the BL616/BL618 boot ROM that BL602/BL702 ROMs lack (bouffalo.md §4.5, §4.9): the UART
 * timeout (set-timeout 0x23, or on A0 silicon a memory write to 0x6102DF04), clk_set (0x22: answers at the
 * old rate, then listens at the new one), flash_set_para (0x3B) and the flash commands behind it.
 * Pure state; the emulator does the I/O. Where no source says what the ROM answers, the choice is
 * marked [I] (inferred): flash commands before flash_set_para fail with FL0001 (FLASH_INIT), as
 * Bouffalo's tool always sends 0x3B first; a flash pin other than the eFuse one (or 0x80, "as eFuse
 * says") leaves the flash silent (JEDEC id 000000).
 */
export interface Bl616RomOptions {
  /** sw_usage_0 bits 19:14 as the boot info reports them. */
  flashPin: number;
}

export class Bl616Rom {
  /** The UART rate clk_set asked for; null until then (the ROM runs at the handshake rate). */
  clockBaud: number | null = null;
  /** Silence after which the ROM returns to its handshake (2 s until the host sets it). */
  uartTimeoutMs = IDLE_RESET_MS;
  private flashSet: 'no' | 'right-pin' | 'wrong-pin' = 'no';

  constructor(private readonly options: Bl616RomOptions) {}

  /** A reset or a power cycle: the ROM starts over. */
  reset(): void {
    this.clockBaud = null;
    this.uartTimeoutMs = IDLE_RESET_MS;
    this.flashSet = 'no';
  }

  /** The reply to a BL616-only command, or undefined when the common ROM code answers it. */
  async command(id: number, payload: Uint8Array, flash: EmulatedFlashCommands): Promise<Uint8Array | null | undefined> {
    switch (id) {
      case Command.optFinish: // the BL616 ROM's set-timeout
        if (payload.length !== 4) throw new RomRefusal(0x0102);
        this.uartTimeoutMs = u32At(payload, 0);
        return okReply();
      case Command.memoryWrite: {
        if (payload.length !== 8) throw new RomRefusal(0x0501);
        const timeout = u32At(payload, 0) === BL616_A0_TIMEOUT_REGISTER ? a0TimeoutMs(u32At(payload, 4)) : null;
        if (timeout !== null) this.uartTimeoutMs = timeout;
        return okReply();
      }
      case Command.clockSet: {
        if (payload.length < 8) throw new RomRefusal(0x0301);
        const baud = u32At(payload, 4);
        if (baud < 1200 || baud > 8_000_000) throw new RomRefusal(0x0302);
        this.clockBaud = baud;
        return okReply();
      }
      case Command.flashSetParameters: {
        if (payload.length < 4) throw new RomRefusal(0x0008);
        const pin = payload[0]!;
        this.flashSet = pin === this.options.flashPin || pin === DEFAULT_FLASH_PIN ? 'right-pin' : 'wrong-pin';
        return okReply();
      }
      default:
        if (!FLASH_COMMANDS.has(id)) return undefined;
        if (this.flashSet === 'no') throw new RomRefusal(0x0001);
        if (this.flashSet === 'wrong-pin') {
          if (id === Command.flashReadJedecId) return Uint8Array.of(0x4f, 0x4b, 4, 0, 0, 0, 0, 0);
          throw new RomRefusal(0x0001);
        }
        return flash.run(id, payload);
    }
  }
}
