/**
 * The chip side of the Beken download protocol over a flash image held in memory: download window
 * after reset, ROM (full) or bootloader (reduced) command sets, guarded bootloader region, status
 * registers, CRC end rules, address wrap-around, wire-time throttling at the current baud rate,
 * erase/program times and fault injection.
 */
import type { Transport } from '../transport.js';
import { chipCrc, standardCrc32 } from '../beken/crc.js';
import { BK7231N_EFUSE_KEY, BOOTLOADER_END, BOOTLOADER_FINGERPRINTS, CHIP_ID_REGISTER, familyTraits, type BekenFamily, type FamilyTraits } from '../beken/families.js';
import { EraseSize, FlashOp, Op, Status, longReply, readU32, shortReply, u32, type Command } from '../beken/frames.js';
import { CommandParser } from './command-parser.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { HostLine } from './host-line.js';
import { NorFlash, PROTECT_BITS } from './nor-flash.js';
import { now, runAt } from './scheduler.js';

export interface ChipTiming {
  /** Deliver replies no earlier than their bytes would take on a real wire at the current baud. */
  wire: boolean;
  eraseSectorMs: number;
  eraseBlockMs: number;
  /** Time to program one 256-byte page. */
  pageProgramMs: number;
  statusWriteMs: number;
  /** CheckCRC speed over the flash. */
  crcBytesPerMs: number;
  /** How long the download window stays open after a reset; null = forever. */
  linkWindowMs: number | null;
}

/** Typical NOR figures; the window is long enough for a flasher started right after the emulator. */
export const REALISTIC_TIMING: ChipTiming = {
  wire: true,
  eraseSectorMs: 30,
  eraseBlockMs: 150,
  pageProgramMs: 0.4,
  statusWriteMs: 5,
  crcBytesPerMs: 20_000,
  linkWindowMs: null,
};

export const INSTANT_TIMING: ChipTiming = { wire: false, eraseSectorMs: 0, eraseBlockMs: 0, pageProgramMs: 0, statusWriteMs: 0, crcBytesPerMs: Infinity, linkWindowMs: null };

export interface ChipOptions {
  family: BekenFamily;
  image: Uint8Array;
  /** JEDEC id the flash answers (default: TH25Q16HB, `EB 60 15`, or the size of the image). */
  flashId?: Uint8Array;
  timing?: Partial<ChipTiming>;
  faults?: FaultOptions;
  /** Initial status register (SR2 << 8 | SR1); e.g. 0x1C = BP0-BP2 set. */
  statusRegister?: number;
  /** Answer for ReadBootVersion on bootloader chips (null = "unknown command"). */
  bootVersion?: string | null;
  /** Whether the running "application" reboots into the download window on `reboot` text. */
  rebootOnText?: boolean;
  /** What the chip-ID register answers instead of the family's value (an unknown chip revision). */
  chipId?: number;
  /** The flash is read-protected: reads and CRCs see zeros, writes and erases are ignored. */
  readProtected?: boolean;
  /** The status register ignores writes (WP held low, or SRP1 locked until power-off): protect bits cannot be cleared. */
  statusLocked?: boolean;
  /** The flash id read (GetMID) fails: answered with an error status, or not at all (silent). */
  flashIdFails?: 'error' | 'silent';
}

export interface ChipStats {
  commands: number;
  sectorsRead: number;
  sectorsWritten: number;
  /** Erase commands, whatever their size. */
  erases: number;
  crcs: number;
  linkChecks: number;
  bytesIn: number;
  bytesOut: number;
}

type Mode = 'window' | 'download' | 'app';

interface Outcome {
  reply: Uint8Array | null;
  workMs: number;
}

const SIZE_BY_ERASE: Record<number, number> = { [EraseSize.sector4k]: 0x1000, [EraseSize.block32k]: 0x8000, [EraseSize.block64k]: 0x10000 };
const BOOTLOADER_SHORT_OPS = new Set<number>([Op.linkCheck, Op.reboot, Op.setBaudRate, Op.checkCrc, Op.readBootVersion]);
const BOOTLOADER_LONG_OPS = new Set<number>([FlashOp.write, FlashOp.write4k, FlashOp.read4k, FlashOp.erase]);
const EFUSE_CONTROL = 0x00800074;
const EFUSE_DATA = 0x00800078;

/** The version string a known bootloader answers, found by its fingerprint. */
function bootVersionOf(image: Uint8Array): string | null {
  return BOOTLOADER_FINGERPRINTS.get(standardCrc32(image.subarray(0, 0x100)))?.bootVersion ?? null;
}

function defaultFlashId(size: number): Uint8Array {
  return Uint8Array.from([0xeb, 0x60, Math.log2(size)]);
}

/** The capacity byte of a JEDEC id as a size, or null when no flash has it (000000, FFFFFF, ...). */
function sizeOfId(id: Uint8Array): number | null {
  const capacity = id[2]!;
  return capacity >= 0x10 && capacity <= 0x19 ? 2 ** capacity : null;
}

/**
 * [I] A flash that does not answer at all (id 000000 or FFFFFF): the SPI data line stays where it is
 * pulled, so every read gives that byte and nothing is programmed or erased.
 */
function deadFlashByte(id: Uint8Array): number | null {
  if (id.every((byte) => byte === 0x00)) return 0x00;
  if (id.every((byte) => byte === 0xff)) return 0xff;
  return null;
}

export class BekenChipEmulator {
  readonly traits: FamilyTraits;
  readonly flash: NorFlash;
  readonly flashId: Uint8Array;
  readonly timing: ChipTiming;
  readonly faults: FaultInjector;
  readonly stats: ChipStats = { commands: 0, sectorsRead: 0, sectorsWritten: 0, erases: 0, crcs: 0, linkChecks: 0, bytesIn: 0, bytesOut: 0 };
  baudRate = 115200;
  mode: Mode = 'window';
  private windowEnds = Infinity;
  /** Bootloader quirk: LinkCheck marks the flash as "protected", which lets the next erase unprotect it. */
  private eraseUnprotectArmed = false;
  private efuseControl = 0;
  private readonly efuse = new Uint8Array(32);
  private rxLineFree = 0;
  private busyUntil = 0;
  private appText = '';
  private transport: Transport | null = null;
  private line = new HostLine(null);
  /** Received chunks and replies each pass the line in order, though judging the rate may take a moment. */
  private incoming: Promise<void> = Promise.resolve();
  private outgoing: Promise<void> = Promise.resolve();
  private readonly parser: CommandParser;
  private readonly bootVersion: string | null;
  private readonly rebootOnText: boolean;
  private readonly chipId: number | null;
  private readonly readProtected: boolean;
  /** The byte a flash that does not answer reads as; null for a working flash. */
  private readonly deadByte: number | null;
  private readonly flashIdFails: 'error' | 'silent' | null;

  constructor(options: ChipOptions) {
    this.traits = familyTraits(options.family);
    const size = Math.max(0x10000, 2 ** Math.ceil(Math.log2(Math.max(options.image.length, 1))));
    this.flashId = options.flashId ?? defaultFlashId(size);
    this.flash = new NorFlash(options.image, sizeOfId(this.flashId) ?? size);
    this.flash.status = options.statusRegister ?? 0;
    this.flash.statusLocked = options.statusLocked ?? false;
    this.deadByte = deadFlashByte(this.flashId);
    this.flashIdFails = options.flashIdFails ?? null;
    this.timing = { ...REALISTIC_TIMING, ...options.timing };
    this.faults = new FaultInjector(options.faults);
    this.bootVersion = options.bootVersion !== undefined ? options.bootVersion : this.traits.protocol === 'bootloader' ? bootVersionOf(options.image) : null;
    this.rebootOnText = options.rebootOnText ?? true;
    this.chipId = options.chipId ?? this.traits.chipId;
    this.readProtected = options.readProtected ?? false;
    if (options.family === 'BK7231N') this.efuse.set(BK7231N_EFUSE_KEY, 0);
    this.parser = new CommandParser(
      (command) => this.onCommand(command),
      (byte) => this.onLooseByte(byte),
    );
  }

  /**
   * Connects the chip to a transport (the device end of a pty pair) and powers it on; returns a detach
   * function. With `line`, bytes cross at the rate the client has set, as on a real wire. The chip keeps
   * its state (flash, rate, mode) while clients come and go, as a real one does when a port is closed.
   */
  attach(transport: Transport, line = new HostLine(null)): () => void {
    this.transport = transport;
    this.line = line;
    this.reset();
    const stop = transport.onData((chunk) => {
      this.stats.bytesIn += chunk.length;
      const copy = chunk.slice();
      // The rate is asked now, as the bytes arrive; they are judged in order once it is known.
      const chipRate = this.baudRate;
      const hostRate = line.arrivalRate(chipRate);
      this.incoming = this.incoming.then(async () => this.parser.push(line.received(copy, await hostRate, chipRate))).catch(() => {});
    });
    return () => {
      stop();
      this.transport = null;
    };
  }

  /** Power-on or reset (CEN pulled low, or power cycled): 115200 baud, download window open. */
  reset(): void {
    this.baudRate = 115200;
    this.mode = 'window';
    const window = this.timing.linkWindowMs;
    this.windowEnds = window === null ? Infinity : now() + window;
  }

  private wireMs(bytes: number): number {
    return this.timing.wire ? (bytes * 10 * 1000) / this.baudRate : 0;
  }

  private currentMode(): Mode {
    if (this.mode === 'window' && now() > this.windowEnds) this.mode = 'app';
    return this.mode;
  }

  /** Text reaching the running application: OpenBeken reboots on `reboot`. */
  private onLooseByte(byte: number): void {
    if (!this.rebootOnText || this.currentMode() !== 'app') return;
    this.appText = (this.appText + String.fromCharCode(byte)).slice(-16);
    if (/reboot[\r\n]$/.test(this.appText)) {
      this.appText = '';
      this.reset();
    }
  }

  private onCommand(command: Command): void {
    const arrived = now();
    const frameDone = Math.max(arrived, this.rxLineFree) + this.wireMs(command.wireLength);
    this.rxLineFree = frameDone;
    const mode = this.currentMode();
    if (mode === 'app') {
      // Stock Beken firmware reboots on the bkreg frame `01 E0 FC 05 FE 95 27 95 27`.
      if (!command.long && command.opcode === 0xfe && this.rebootOnText) this.reset();
      return;
    }
    if (mode === 'window') {
      if (command.long || command.opcode !== Op.linkCheck) return;
      this.mode = 'download';
    }
    // The chip flushes whatever arrived while it was still busy with the previous command.
    if (frameDone < this.busyUntil) return;
    this.stats.commands++;
    const verdict = this.faults.admit(command.long);
    if (verdict === 'ignore') return;
    const outcome: Outcome =
      verdict === 'fail' ? { reply: longReply(command.opcode, Status.flashTimeout, command.payload.subarray(0, 4)), workMs: 0 } : this.execute(command);
    const start = Math.max(frameDone, this.busyUntil);
    if (!outcome.reply) {
      this.busyUntil = start + outcome.workMs;
      return;
    }
    const sendAt = start + outcome.workMs + this.wireMs(outcome.reply.length);
    this.busyUntil = sendAt;
    const reply = this.faults.damageReply(outcome.reply, this.baudRate);
    if (!reply) return;
    const transport = this.transport;
    const rate = this.baudRate;
    // Right after a rate change, the client's rate is read anew: it has had the delay to follow.
    const fresh = !command.long && command.opcode === Op.setBaudRate;
    runAt(sendAt, () => {
      this.stats.bytesOut += reply.length;
      this.outgoing = this.outgoing
        .then(async () => {
          const wire = await this.line.sent(reply, rate, fresh);
          if (wire.length) await transport?.write(wire, { waitSent: false });
        })
        .catch(() => {});
    });
  }

  private execute(command: Command): Outcome {
    const bootloader = this.traits.protocol === 'bootloader';
    if (command.long) {
      if (bootloader && !BOOTLOADER_LONG_OPS.has(command.opcode)) return { reply: longReply(command.opcode, Status.unknownCommand), workMs: 0 };
      return this.executeFlash(command.opcode, command.payload);
    }
    if (bootloader && !BOOTLOADER_SHORT_OPS.has(command.opcode)) return { reply: shortReply(command.opcode, [Status.unknownCommand]), workMs: 0 };
    return this.executeShort(command.opcode, command.payload);
  }

  private executeShort(opcode: number, p: Uint8Array): Outcome {
    const instant = (reply: Uint8Array | null): Outcome => ({ reply, workMs: 0 });
    switch (opcode) {
      case Op.linkCheck:
        this.stats.linkChecks++;
        this.eraseUnprotectArmed = true;
        return instant(shortReply(0x01, [0x00]));
      case Op.writeReg: {
        const address = readU32(p, 0);
        if (address === EFUSE_CONTROL) this.efuseControl = readU32(p, 4) & ~1; // the read completes at once
        return instant(shortReply(0x01, p.subarray(0, 8)));
      }
      case Op.readReg: {
        const address = readU32(p, 0);
        const reply = shortReply(Op.readReg, [...u32(address), ...u32(this.readRegister(address))]);
        // Byte 12 is the value's second byte: the chip id's 0x23 in 0x7231C.
        return instant(address === CHIP_ID_REGISTER ? this.faults.damageId(reply, 12) : reply);
      }
      case Op.reboot:
        if (p[0] === 0xa5) {
          this.reset();
          return instant(null);
        }
        return instant(shortReply(Op.reboot, p.subarray(0, 1)));
      case Op.setBaudRate: {
        // The chip switches at once, waits the requested delay, then answers at the new rate.
        const rate = readU32(p, 0);
        if (rate > (this.faults.options.maxBaud ?? Infinity)) return instant(null);
        this.baudRate = rate || this.baudRate;
        return { reply: shortReply(Op.setBaudRate, p.subarray(0, 5)), workMs: p[4] ?? 0 };
      }
      case Op.checkCrc:
        return this.checkCrc(readU32(p, 0), readU32(p, 4));
      case Op.readBootVersion:
        return instant(shortReply(Op.readBootVersion, this.bootVersion ? Buffer.from(this.bootVersion, 'latin1') : [Status.unknownCommand]));
      case Op.reset:
        if (Buffer.from(p).toString('latin1') === 'SEAN') {
          this.reset();
          return instant(null);
        }
        return instant(shortReply(Op.reset, p));
      case Op.stayRom:
        return instant(shortReply(Op.stayRom, p.subarray(0, 1)));
      default:
        return instant(shortReply(opcode, [Status.unknownCommand]));
    }
  }

  private readRegister(address: number): number {
    if (address === CHIP_ID_REGISTER) return this.chipId ?? 0;
    if (address === EFUSE_CONTROL) return this.efuseControl;
    if (address === EFUSE_DATA) return 0x100 | this.efuse[(this.efuseControl >> 8) & 0x1f]!;
    return 0;
  }

  private checkCrc(start: number, end: number): Outcome {
    this.stats.crcs++;
    const length = this.traits.crcEndInclusive ? end - start + 1 : end - start;
    const value = length > 0 ? chipCrc(this.readArray(start, length)) : 0xffffffff;
    if (this.traits.protocol === 'bootloader') {
      // Bootloader quirk: CheckCRC write-protects the flash and forgets it did.
      this.flash.status |= 0x1c;
      this.eraseUnprotectArmed = false;
    }
    return { reply: shortReply(Op.checkCrc, u32(value)), workMs: Math.max(0, length) / this.timing.crcBytesPerMs };
  }

  /** What the SPI read returns: the array, zeros on a read-protected flash, the pulled level of a dead one. */
  private readArray(address: number, length: number): Uint8Array {
    if (this.deadByte !== null) return new Uint8Array(length).fill(this.deadByte);
    return this.readProtected ? new Uint8Array(length) : this.flash.read(address, length);
  }

  /** Whether programs and erases reach the array. */
  private get writable(): boolean {
    return !this.readProtected && this.deadByte === null;
  }

  private programArray(address: number, data: Uint8Array): void {
    if (this.writable) this.flash.program(address, data);
  }

  /** Bootloader chips refuse raw addresses inside their own region (the wrap-around bypasses this). */
  private guarded(address: number): boolean {
    return this.traits.guardsBootloader && address < BOOTLOADER_END;
  }

  private executeFlash(opcode: number, p: Uint8Array): Outcome {
    const address = readU32(p, 0);
    const echo = u32(address);
    switch (opcode) {
      case FlashOp.read4k: {
        if (this.guarded(address)) return { reply: longReply(opcode, Status.paramError, [...echo, 0]), workMs: 0 };
        this.stats.sectorsRead++;
        return { reply: longReply(opcode, Status.ok, [...echo, ...this.readArray(address, 0x1000)]), workMs: 0 };
      }
      case FlashOp.read: {
        const length = p[4] ?? 0;
        return { reply: longReply(opcode, Status.ok, [...echo, ...this.readArray(address, length)]), workMs: 0 };
      }
      case FlashOp.write4k: {
        if (p.length !== 4 + 0x1000) return { reply: longReply(opcode, Status.lengthError, echo), workMs: 0 };
        if (this.guarded(address)) return { reply: longReply(opcode, Status.paramError, echo), workMs: 0 };
        this.stats.sectorsWritten++;
        this.programArray(address, this.faults.damageIncoming(p.subarray(4), this.baudRate));
        // Pages are programmed while the frame arrives; only the last one delays the reply.
        return { reply: longReply(opcode, Status.ok, echo), workMs: this.timing.pageProgramMs };
      }
      case FlashOp.write: {
        const data = p.subarray(4);
        if (this.guarded(address)) return { reply: longReply(opcode, Status.paramError, [...echo, data.length & 0xff]), workMs: 0 };
        this.programArray(address, this.faults.damageIncoming(data, this.baudRate));
        return { reply: longReply(opcode, Status.ok, [...echo, data.length & 0xff]), workMs: this.timing.pageProgramMs };
      }
      case FlashOp.erase4k:
        return this.erase(EraseSize.sector4k, address, opcode, echo);
      case FlashOp.erase: {
        const size = p[0]!;
        const target = readU32(p, 1);
        return this.erase(size, target, opcode, [size, ...u32(target)]);
      }
      case FlashOp.readSr: {
        const value = this.flash.readStatus(p[0]!, now());
        return { reply: longReply(opcode, Status.ok, [p[0]!, value]), workMs: 0 };
      }
      case FlashOp.writeSr:
        this.flash.writeStatus(p.subarray(1), now(), this.timing.statusWriteMs);
        return { reply: longReply(opcode, Status.ok, p), workMs: 0 };
      case FlashOp.spiOp:
        if (p[0] === 0x9f) {
          // [I] a failing GetMID: the ROM's SPI pass-through reports a timeout, or the chip says nothing
          if (this.flashIdFails === 'silent') return { reply: null, workMs: 0 };
          if (this.flashIdFails === 'error') return { reply: longReply(opcode, Status.spiTimeout, p), workMs: 0 };
          const reply = longReply(opcode, Status.ok, [0x00, ...this.flashId]);
          return { reply: this.faults.damageId(reply, reply.length - 1), workMs: 0 }; // the capacity byte
        }
        return { reply: longReply(opcode, Status.ok, new Uint8Array(p.length)), workMs: 0 };
      default:
        return { reply: longReply(opcode, Status.unknownCommand), workMs: 0 };
    }
  }

  private erase(size: number, address: number, opcode: number, echo: number[]): Outcome {
    const bytes = SIZE_BY_ERASE[size];
    if (!bytes) return { reply: longReply(opcode, Status.paramError, echo), workMs: 0 };
    if (this.guarded(address)) return { reply: longReply(opcode, Status.paramError, echo), workMs: 0 };
    if (this.traits.protocol === 'bootloader' && this.eraseUnprotectArmed) this.flash.status &= ~PROTECT_BITS;
    this.stats.erases++;
    // A protected flash ignores the erase, and the reply still says OK.
    if (this.writable) this.flash.erase(address, bytes);
    const workMs = bytes === 0x1000 ? this.timing.eraseSectorMs : (this.timing.eraseBlockMs * bytes) / 0x10000;
    return { reply: longReply(opcode, Status.ok, echo), workMs };
  }
}
