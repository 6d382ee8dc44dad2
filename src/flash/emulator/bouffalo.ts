import { crc32Of as crc32 } from '../../formats/bytes.js';
import type { DeviceLink } from '../bouffalo/link.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { HostLine } from './host-line.js';
import { now, runAt } from './scheduler.js';
import { BL702_RUN_WRITES, Command } from '../bouffalo/commands.js';
import { IDLE_RESET_MS, failReply, frameChecksum, LOADER_MAX_PAYLOAD, okDataReply, okReply, ROM_MAX_FRAME, u32At, words } from '../bouffalo/frame.js';
import { RomImageLoader, RomRefusal } from './bouffalo-rom.js';
import { EmulatedFlashCommands, FLASH_COMMANDS, type FlashIdFailure } from './bouffalo-flash.js';
import { Bl616Rom } from './bouffalo-bl616.js';

/**
 * The chip side of the Bouffalo UART ISP over any byte link: the boot ROM (handshake, get_boot_info,
 * RAM image load with its checks) and, once a valid loader image is run, an eflash_loader with flash
 * erase/write/read/SHA-256 over an in-memory flash image; a BL616/BL618 ROM serves the flash commands
 * itself (bouffalo-bl616.ts). Replies are paced to the wire time of a chosen baud rate, and faults can
 * be injected to exercise the host's recovery.
 */
export type EmulatedChip = 'bl602' | 'bl702' | 'bl616';

export interface BouffaloEmulatorOptions {
  chip: EmulatedChip;
  /** The flash contents; modified in place by erase and write. Its length is the flash size (a power of two). */
  flash: Uint8Array;
  /** Pace the eflash_loader's traffic as if it crossed a UART at this baud; 0 = as fast as possible. */
  throttleBaud?: number;
  /** Pace the ROM's traffic at this baud (the ROM handshake runs at <= 500 k); default: throttleBaud. */
  romBaud?: number;
  /** Faults hit the eflash_loader's commands (a ROM upload that fails is restarted by a reset, which a pty cannot do). */
  faults?: FaultOptions;
  /** 6 bytes (BL602, BL616) or 8 bytes (BL702). */
  chipId?: Uint8Array;
  /** BL616: the ROM version get_boot_info reports; its low byte 0x01 marks A0 silicon. Default 0x06160001. */
  romVersion?: number;
  /** BL616: the eFuse flash pin setting (sw_usage_0 bits 19:14) the boot info reports; default 0 (embedded flash). */
  flashPin?: number;
  /** The chip runs its firmware (BOOT not held) and ignores the handshake until `resetIntoRom()` (a manual reset). */
  startInApp?: boolean;
  /** eFuse security as get_boot_info reports it: sign type (byte 4) and encryption type (byte 5). */
  efuseSecurity?: { signType: number; encrypted: number };
  /** The JEDEC id the loader reads (e.g. 000000 for a flash that does not answer); default EF40xx. */
  jedecId?: Uint8Array;
  /** The JEDEC read fails: an FL reply, or none. */
  flashIdFails?: FlashIdFailure;
  log?: (line: string) => void;
}

/** BL616: the version reported by a real BL616 (mkroman/bouffalo-cli issues/4: 102105089). */
const ROM_VERSION: Record<EmulatedChip, number> = { bl602: 0x00000001, bl702: 0x07020001, bl616: 0x06160001 };
/** [I] How long the loader takes to move its UART after change_rate before it answers at the new rate. */
const RATE_CHANGE_MS = 30;
/** A 0x55 run after this much quiet is a new handshake that deserves its own "OK". */
const SYNC_GAP_MS = 20;

export interface EmulatorStats {
  frames: number;
  bytesIn: number;
  bytesOut: number;
  faultsInjected: number;
  /** Flash bytes sent by flash_read (what a host read out). */
  bytesRead: number;
}

export class BouffaloEmulator {
  mode: 'app' | 'rom' | 'loader' = 'rom';
  readonly stats: EmulatorStats = { frames: 0, bytesIn: 0, bytesOut: 0, faultsInjected: 0, bytesRead: 0 };
  private synced = false;
  private syncAnswered = false;
  private lastByteAt = 0;
  private buffer = new Uint8Array(0);
  private work: Promise<void> = Promise.resolve();
  private wireClock = 0;
  private readonly faults: FaultInjector;
  private readonly flashCommands: EmulatedFlashCommands;
  /** BL616/BL618 only: the ROM's own flash access, timeout and clock state. */
  private readonly bl616: Bl616Rom | null;
  /** BL616: clk_set moved the UART to the transfer rate (paced like the loader's traffic). */
  private bl616Fast = false;
  private readonly rom: RomImageLoader;
  private memoryWrites = new Map<number, number>();
  private link: DeviceLink | null = null;
  private line = new HostLine(null);
  /**
   * The rate the UART listens and talks at: set by auto-baud from the 0x55 run of each handshake (and,
   * after a rate change the chip acts on, from the client's next bytes); null while in handshake state.
   */
  private uartRate: number | null = null;

  constructor(private readonly options: BouffaloEmulatorOptions) {
    const size = options.flash.length;
    if (size < 0x10000 || (size & (size - 1)) !== 0) throw new RangeError(`flash size ${size} is not a power of two of at least 64 KiB`);
    this.faults = new FaultInjector(options.faults ?? {});
    this.rom = new RomImageLoader(options.efuseSecurity);
    if (options.startInApp) this.mode = 'app';
    const rom616 = options.chip === 'bl616';
    this.bl616 = rom616 ? new Bl616Rom({ flashPin: options.flashPin ?? 0 }) : null;
    // [I] the BL616 ROM caps a read at its frame size and, like BL808's, is not known to send "PD"
    this.flashCommands = new EmulatedFlashCommands({
      flash: options.flash,
      jedecId: options.jedecId,
      flashIdFails: options.flashIdFails,
      damageId: (reply, index) => this.faults.damageId(reply, index),
      maxRead: rom616 ? ROM_MAX_FRAME - 4 : 8192,
      pending: !rom616,
      send: (bytes) => this.send(bytes),
      onRead: (bytes) => (this.stats.bytesRead += bytes),
    });
  }

  /** The user holds BOOT and presses reset: the chip starts in its boot ROM. */
  resetIntoRom(): void {
    this.mode = 'rom';
    this.backToHandshake();
  }

  /** Starts answering on `link`; returns the function that stops. */
  attach(link: DeviceLink, line = new HostLine(null)): () => void {
    this.link = link;
    this.line = line;
    return link.onData((chunk) => {
      this.stats.bytesIn += chunk.length;
      const copy = chunk.slice();
      // The client's rate is asked as the bytes arrive; they are judged in order once it is known.
      const hostRate = line.arrivalRate(this.uartRate ?? 0);
      this.work = this.work.then(async () => this.receive(copy, await hostRate)).catch((error: Error) => this.options.log?.(`emulator: ${error.message}`));
    });
  }

  /** The emulated flash contents (the array given in the options, changed in place). */
  get flashImage(): Uint8Array {
    return this.options.flash;
  }

  /** Power off and on: back in the boot ROM, a silent (--stop-after) chip answers again; the flash keeps its content. */
  powerCycle(): void {
    this.faults.revive();
    this.mode = 'rom';
    this.backToHandshake();
  }

  /** Resolves when every byte received so far has been answered. */
  idle(): Promise<void> {
    return this.work;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private backToHandshake(): void {
    this.synced = false;
    this.uartRate = null;
    this.syncAnswered = false;
    this.buffer = new Uint8Array(0);
    if (this.mode === 'rom') this.rom.reset();
    this.bl616?.reset();
    this.bl616Fast = false;
  }

  private async receive(received: Uint8Array, hostRate: number): Promise<void> {
    if (this.mode === 'app') return; // the firmware does not speak the ISP protocol
    const arrived = Date.now();
    if (this.lastByteAt && arrived - this.lastByteAt > (this.bl616?.uartTimeoutMs ?? IDLE_RESET_MS)) this.backToHandshake();
    // Auto-baud: in handshake state the UART takes whatever rate the 0x55 run comes at; once synced,
    // bytes at another rate are what its receiver makes of them.
    if (!this.synced || this.uartRate === null) this.uartRate = hostRate || null;
    const chunk = this.uartRate && hostRate ? this.line.received(received, hostRate, this.uartRate) : received;
    if (arrived - this.lastByteAt > SYNC_GAP_MS) this.syncAnswered = false;
    this.lastByteAt = arrived;
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    await this.consume();
  }

  private async consume(): Promise<void> {
    for (;;) {
      let skipped = 0;
      while (skipped < this.buffer.length && this.buffer[skipped] === 0x55) skipped++;
      if (skipped) {
        this.buffer = this.buffer.subarray(skipped);
        await this.paceIncoming(skipped);
        this.synced = true;
        if (!this.syncAnswered) {
          this.syncAnswered = true;
          await this.send(okReply());
        }
        continue;
      }
      if (!this.buffer.length) return;
      if (this.faults.silent) {
        this.buffer = new Uint8Array(0); // unplugged: nothing answers, not even the handshake
        return;
      }
      if (!this.synced) {
        this.buffer = new Uint8Array(0); // handshake state: anything but 0x55 is noise
        return;
      }
      if (this.buffer.length < 4) return;
      const length = this.buffer[2]! | (this.buffer[3]! << 8);
      const limit = this.mode === 'rom' ? ROM_MAX_FRAME - 4 : LOADER_MAX_PAYLOAD;
      if (length > limit) {
        this.buffer = new Uint8Array(0);
        await this.send(failReply(0x0102));
        return;
      }
      if (this.buffer.length < 4 + length) return;
      const id = this.buffer[0]!;
      const checksum = this.buffer[1]!;
      const payload = this.buffer.slice(4, 4 + length);
      this.buffer = this.buffer.subarray(4 + length);
      this.syncAnswered = false;
      this.stats.frames++;
      await this.paceIncoming(4 + length);
      await this.frame(id, checksum, payload);
    }
  }

  private async frame(id: number, checksum: number, payload: Uint8Array): Promise<void> {
    // [I] the BL616 ROM speaks the loader's protocol, checksum included
    if ((this.mode === 'loader' || this.bl616) && checksum !== 0 && checksum !== frameChecksum(payload)) {
      await this.send(failReply(0x0103));
      return;
    }
    if (this.mode === 'loader' && id === Command.changeRate) return this.changeRate(payload);
    let reply: Uint8Array | null;
    try {
      if (this.mode === 'rom' && this.bl616) reply = this.bl616Fast ? await this.withFaults(id, payload, (input) => this.bl616Command(id, input)) : await this.bl616Command(id, payload);
      else reply = this.mode === 'rom' ? this.romCommand(id, payload) : await this.withFaults(id, payload, (input) => this.loaderReply(id, input));
    } catch (error) {
      if (!(error instanceof RomRefusal)) throw error;
      this.log(`emulator: command 0x${id.toString(16)} refused with ${error.message}`);
      reply = failReply(error.code);
    }
    if (reply) await this.send(reply);
    this.afterReply?.();
    this.afterReply = null;
  }

  /**
   * change_rate (spec 4.6): u32 old + u32 new baud; the loader moves its UART and answers "OK" at the new
   * rate. [I] It takes a moment to do so, which the host spends switching its own port.
   */
  private async changeRate(payload: Uint8Array): Promise<void> {
    if (payload.length !== 8) {
      await this.send(failReply(0x0301));
      return;
    }
    const rate = u32At(payload, 4);
    if (rate < 1200 || rate > 8_000_000) {
      await this.send(failReply(0x0302));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, RATE_CHANGE_MS));
    this.uartRate = rate;
    this.log(`emulator: eflash_loader UART now at ${rate} baud`);
    await this.send(okReply(), true);
  }

  /** A state change that takes effect once the reply has gone out (run, reset). */
  private afterReply: (() => void) | null = null;

  /** BL616/BL618: its own commands first, then what every Bouffalo ROM answers. */
  private async bl616Command(id: number, payload: Uint8Array): Promise<Uint8Array | null> {
    const reply = await this.bl616!.command(id, payload, this.flashCommands);
    if (reply === undefined) return this.romCommand(id, payload);
    // clk_set: the "OK" still goes out at the old rate
    if (id === Command.clockSet) {
      this.afterReply = () => {
        this.bl616Fast = true;
        this.uartRate = null; // listens at the new rate from the client's next bytes on
      };
    }
    return reply;
  }

  private romCommand(id: number, payload: Uint8Array): Uint8Array {
    switch (id) {
      case Command.getBootInfo:
        // Byte 6 is the ROM version's family byte (0x02 of 0x07020001).
        return this.faults.damageId(okDataReply(this.bootInfo(this.options.romVersion ?? ROM_VERSION[this.options.chip])), 6);
      case Command.loadBootHeader:
        this.rom.bootHeader(payload);
        return okReply();
      case Command.loadSegmentHeader:
        return okDataReply(this.rom.segmentHeader(payload));
      case Command.loadSegmentData:
        this.rom.segmentData(payload);
        return okReply();
      case Command.checkImage:
        this.rom.checkImage();
        return okReply();
      case Command.runImage:
        if (this.options.chip === 'bl702') throw new RomRefusal(0x0104); // the BL702 ROM starts images through memory writes
        this.rom.run();
        this.afterReply = () => this.startLoader();
        return okReply();
      case Command.memoryWrite:
        return this.memoryWrite(payload);
      case Command.changeRate:
      case Command.reset:
        if (id === Command.reset) this.afterReply = () => this.backToHandshake();
        return okReply();
      default:
        // flash commands belong to the eflash_loader; the ROM is not in a state to run them
        throw new RomRefusal(id >= 0x30 && id <= 0x3f ? 0x0104 : 0x0101);
    }
  }

  /** BL702: entry magic and address, then a software reset, start the checked image (spec 4.7). */
  private memoryWrite(payload: Uint8Array): Uint8Array {
    if (payload.length !== 8) throw new RomRefusal(0x0501);
    const address = u32At(payload, 0);
    const value = u32At(payload, 4);
    this.memoryWrites.set(address, value);
    const [magic, entry, , softReset] = BL702_RUN_WRITES;
    if (this.options.chip === 'bl702' && address === softReset![0] && value === softReset![1]) {
      const entered = this.memoryWrites.get(magic![0]) === magic![1] && this.memoryWrites.get(entry![0]) === entry![1];
      if (entered && this.rom.step === 'checked') {
        this.rom.run();
        this.afterReply = () => this.startLoader();
      } else {
        this.afterReply = () => this.backToHandshake();
      }
    }
    return okReply();
  }

  private startLoader(): void {
    this.mode = 'loader';
    this.backToHandshake();
    this.log('emulator: eflash_loader running');
  }

  /** 8 bytes on BL702, 6 (the MAC) on BL602. */
  private chipId(): Uint8Array {
    const bl702 = this.options.chip === 'bl702';
    const id = this.options.chipId ?? Uint8Array.from(bl702 ? [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88] : [0xc8, 0x47, 0x8c, 0x01, 0x02, 0x03]);
    return id.slice(0, bl702 ? 8 : 6);
  }

  private bootInfo(version: number): Uint8Array {
    const bl702 = this.options.chip === 'bl702';
    const info = new Uint8Array(bl702 ? 24 : 20);
    const view = new DataView(info.buffer);
    view.setUint32(0, version, true);
    // BL616: eFuse sw_usage_0 at byte 8, whose bits 19:14 name the flash pins
    if (this.bl616) view.setUint32(8, ((this.options.flashPin ?? 0) & 0x3f) << 14, true);
    info[4] = this.options.efuseSecurity?.signType ?? 0;
    info[5] = this.options.efuseSecurity?.encrypted ?? 0;
    const id = this.chipId();
    if (bl702) info.set(id.subarray(0, 8), 16);
    else info.set(id.slice(0, 6).reverse(), 12);
    return info;
  }

  private static readonly FLASH_FAILURE: Record<number, number> = {
    [Command.flashErase]: 0x0003,
    [Command.flashChipErase]: 0x0003,
    [Command.flashWrite]: 0x0006,
    [Command.flashRead]: 0x0001,
    [Command.flashReadSha256]: 0x0001,
  };

  /** Runs a transfer command through the fault injector: ignored, failed, damaged on the way in or out. */
  private async withFaults(id: number, payload: Uint8Array, run: (input: Uint8Array) => Promise<Uint8Array | null>): Promise<Uint8Array | null> {
    const failure = BouffaloEmulator.FLASH_FAILURE[id];
    const action = this.faults.admit(failure !== undefined);
    if (action !== 'run') this.stats.faultsInjected++;
    if (action === 'ignore') return null;
    if (action === 'fail') return failReply(failure!);
    let input = payload;
    if (id === Command.flashWrite && payload.length > 4) {
      const sent = payload.subarray(4);
      const data = this.faults.damageIncoming(sent, this.uartRate ?? undefined);
      if (data !== sent) {
        this.stats.faultsInjected++;
        input = payload.slice();
        input.set(data, 4);
      }
    }
    const reply = await run(input);
    if (!reply) return null;
    const damaged = this.faults.damageReply(reply, this.uartRate ?? undefined);
    if (damaged !== reply) this.stats.faultsInjected++;
    return damaged;
  }

  private async loaderReply(id: number, payload: Uint8Array): Promise<Uint8Array | null> {
    if (FLASH_COMMANDS.has(id)) return this.flashCommands.run(id, payload);
    switch (id) {
      case Command.getBootInfo:
        return okDataReply(this.bootInfo(0xffffffff));
      case Command.flashSetParameters:
      case Command.optFinish:
        return okReply();
      case Command.reset:
      case Command.flashBoot:
        this.afterReply = () => {
          this.mode = 'rom';
          this.backToHandshake();
        };
        return okReply();
      case Command.efuseReadMac: {
        const bytes = this.chipId();
        const out = new Uint8Array(bytes.length + 4);
        out.set(bytes);
        out.set(words(crc32(bytes)), bytes.length);
        return okDataReply(out);
      }
      default:
        throw new RomRefusal(0x0101);
    }
  }

  /** Waits for the wire time of bytes the host sent. */
  private async paceIncoming(bytes: number): Promise<void> {
    await this.pace(bytes);
  }

  private async pace(bytes: number): Promise<void> {
    const slow = this.mode === 'rom' && !this.bl616Fast;
    const paced = slow ? (this.options.romBaud ?? this.options.throttleBaud ?? 0) : (this.options.throttleBaud ?? 0);
    if (!paced) return;
    // a loader moved to a lower rate by change_rate takes the longer wire time of that rate
    const baud = Math.min(paced, this.uartRate ?? paced);
    this.wireClock = Math.max(this.wireClock, now()) + (bytes * 10 * 1000) / baud;
    const due = this.wireClock;
    if (due > now()) await new Promise<void>((resolve) => runAt(due, resolve));
  }

  /** `rateChanged`: the first reply after the chip moved its UART, judged against a fresh reading of the client's rate. */
  private async send(bytes: Uint8Array, rateChanged = false): Promise<void> {
    await this.pace(bytes.length);
    this.stats.bytesOut += bytes.length;
    const wire = this.uartRate ? await this.line.sent(bytes, this.uartRate, rateChanged) : bytes;
    if (wire.length) await this.link?.write(wire);
  }
}
