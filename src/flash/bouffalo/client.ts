import { decodeRamImage } from '../../formats/bouffalo/ram-image.js';
import { bytesEqual as sameBytes, sha256Of as sha256, toHex } from '../../formats/bytes.js';
import { chipDisplayName, decodeBootInfo, type BootInfo, type BouffaloChip } from './boot-info.js';
import { BL702_RUN_WRITES, Command, DATA_REPLY_COMMANDS, commandName } from './commands.js';
import { ChipError, errorCodeLabel } from './error-codes.js';
import { BouffaloSetupError, FlashNotAnsweringError, NeverAnsweredError, NoReplyError, ProtocolError } from './errors.js';
import { concatBytes } from '../../formats/bytes.js';
import { encodeFrame, IDLE_RESET_MS, ROM_MAX_FRAME, words } from './frame.js';
import { handshake } from './handshake.js';
import { readUntilAgreed } from '../agreed-read.js';
import { a0TimeoutWord, BL616_A0_TIMEOUT_REGISTER, BL616_TRANSFER_CHUNK, BL616_UART_TIMEOUT_MS, clockSetPayload, DEFAULT_FLASH_PIN, flashSetWord } from './bl616.js';
import { sleep, type IspLink } from './link.js';
import { resetIntoRom, resetToRun, type ResetMode } from './reset.js';
import { lowerRate } from '../rate-ladder.js';

export const SECTOR_SIZE = 4096;
/** Bytes per flash_read / flash_write command to the eflash_loader (it takes up to 8 KiB). */
export const READ_CHUNK = 4096;
/** Reads and writes are checked by the chip's SHA-256 in blocks of this size. */
export const VERIFY_BLOCK = 64 * 1024;

export interface LoaderFile {
  bytes: Uint8Array;
  /** Where it came from, for messages. */
  source: string;
}

export interface ClientOptions {
  chip: BouffaloChip | 'auto';
  /** Baud for the ROM handshake and loader upload (the ROM runs on RC32M: keep it <= 500 k). */
  romBaud: number;
  /** Baud the link continues at once the eflash_loader runs. */
  loaderBaud: number;
  /** Finds the eflash_loader for the identified chip; called only when it is not already running. */
  loader: (chip: BouffaloChip) => Promise<LoaderFile>;
  reset?: ResetMode;
  /** Attempts per command before giving up (resync between attempts). */
  retries?: number;
  /** How long to wait for a reply beyond the wire time (default 1000 ms). */
  replyTimeoutMs?: number;
  /** How long the boot ROM handshake keeps trying (--link-timeout; default 5 s). */
  linkTimeoutMs?: number;
  /** Called once when the ROM has not answered for a while: ask the user to reset by hand. */
  onPrompt?: (message: string) => void;
  /** Called once per step down the rates (a transfer that kept failing at a rate goes on at a lower one). */
  onNote?: (message: string) => void;
  log?: (line: string) => void;
}

export interface ConnectResult {
  chip: BouffaloChip;
  bootInfo: BootInfo | null;
  /** Where the loader came from, "already running", or "none (the boot ROM serves flash)" on BL616/BL618. */
  loader: string;
  jedecId: string;
  flashSize: number;
}

/** Flash operation failures (FL0001-FL0007) and line errors (FL0102, FL0103) are worth a retry; state errors are not. */
function isTransient(code: number): boolean {
  return (code >= 0x0001 && code <= 0x0007) || code === 0x0102 || code === 0x0103;
}

export type Progress = (done: number, total: number) => void;

/** The wait between sending change_rate and moving the port: 220 bit times at 115200 are 2 ms; the rest is margin. */
const CHANGE_RATE_SETTLE_MS = 15;

/** When to ask for a manual reset if the ROM has not answered. */
const PROMPT_AFTER_MS = 2000;

function manualResetPrompt(romBaud: number, secondsLeft: number, wired: boolean): string {
  return (
    `No answer from the boot ROM yet${wired ? ' after the DTR/RTS reset' : ''}: hold BOOT high (GPIO8 on BL602, GPIO28 on BL702, GPIO2 on BL616/BL618; ` +
    `the BOOT/IO8 button or jumper) and press and release EN/RST now, keeping the adapter connected; fwkit keeps trying at ${romBaud} baud ` +
    `(--rom-baud) for ${secondsLeft} s more (--link-timeout)`
  );
}

/**
 * The loader (or the BL616 ROM) runs, but reading the flash id failed: `what` says how (an id no flash
 * has, an error reply, no reply). The handshake at this rate works, so the line is not the cause.
 */
function jedecFailure(what: string, chip: BouffaloChip | null): string {
  const bl616 = chip === 'bl616';
  // newer BL602/BL604 batches with another embedded flash need a newer loader (spec 4.13, blflash issue 9)
  const hint: Record<BouffaloChip, string> = {
    bl616: 'on BL616/BL618 the flash pin setting comes from the eFuse word the boot info reports (run with --debug to see it)',
    bl602: 'newer BL602/BL604 chip revisions carry a flash that older eflash_loaders do not know, so try a newer eflash_loader with --loader',
    bl702: 'on BL702 modules with an external flash check that the loader matches the flash wiring (eFuse flash pin configuration), or try a newer eflash_loader with --loader',
  };
  const wiring = hint[chip ?? 'bl602'];
  return (
    `${bl616 ? 'the BL616/BL618 boot ROM answers but' : 'the eflash_loader runs but'} ${what}: the SPI flash does not answer (JEDEC read failure). ` +
    `Power-cycle the board from a 3.3 V supply that gives 300 mA; ${wiring}; a lower --baud does not help here`
  );
}

/**
 * The eFuse enforces signed (and encrypted) images: the ROM runs no plain eflash_loader, and nothing
 * that a user can change on the line gets the flash out.
 */
export function readProtectedMessage(chip: BouffaloChip, signType: number, encrypted: number): string {
  const what = [signType ? `image signing (type ${signType})` : '', encrypted ? `flash encryption (type ${encrypted})` : ''].filter(Boolean).join(' and ');
  return (
    `this ${chipDisplayName(chip)} has secure boot in its eFuse (${what || 'signed or encrypted images only'}): its boot ROM runs only images signed with the keys burnt into this chip, ` +
    `so no eflash_loader can be started and the flash cannot be read out over UART (what it holds is bound to this chip's keys). ` +
    `Power, baud rate and wiring do not change this; reflashing needs the vendor's keys, or a module whose chip has no secure boot in eFuse (fwkit flash info shows it)`
  );
}

/** The loader field of a BL616/BL618 session. */
export const ROM_SERVES_FLASH = 'none (the boot ROM serves the flash commands)';

/**
 * Host side of the Bouffalo UART ISP: ROM handshake, then flash operations through the eflash_loader
 * (BL602/BL702, uploaded first) or through the boot ROM itself (BL616/BL618).
 */
export class BouffaloClient {
  chip: BouffaloChip | null = null;
  private inLoader = false;
  /** BL616/BL618: the ROM's flash commands are set up (timeout, clk_set, flash_set_para). */
  private romFlash = false;
  /** Data bytes per flash_read/flash_write frame: 4 KiB to the loader, 2 KiB to the BL616 ROM. */
  private chunk = READ_CHUNK;
  /** Whether the chip has answered at all (tells "never answered" from "stopped answering"). */
  answered = false;
  private readonly retries: number;
  /** Counts recoveries (resync + retry) so callers can report them. */
  recoveries = 0;

  constructor(
    private readonly link: IspLink,
    private readonly options: ClientOptions,
  ) {
    this.retries = options.retries ?? 4;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Which rate applies when the chip goes quiet: the ROM's (--rom-baud) or the transfer rate (--baud). */
  private get phase(): 'rom' | 'loader' {
    return this.inLoader || this.romFlash ? 'loader' : 'rom';
  }

  /** Wire time of `bytes` at the current baud, for timeouts. */
  private wireMs(bytes: number): number {
    return Math.ceil((bytes * 10 * 1000) / this.link.baudRate);
  }

  /** Sends one frame and reads its reply: data for data commands, null for a plain "OK". */
  async command(id: number, payload: Uint8Array = new Uint8Array(0), options: { timeoutMs?: number; replyBytes?: number } = {}): Promise<Uint8Array | null> {
    const timeoutMs = (options.timeoutMs ?? this.options.replyTimeoutMs ?? 1000) + this.wireMs(payload.length + 4 + (options.replyBytes ?? 0));
    await this.link.write(encodeFrame(id, payload));
    return this.readReply(id, timeoutMs);
  }

  private async readExactly(length: number, timeoutMs: number, id: number): Promise<Uint8Array> {
    try {
      return await this.link.read(length, timeoutMs);
    } catch (error) {
      if (error instanceof Error && error.name === 'TransportTimeoutError') throw new NoReplyError(commandName(id), timeoutMs, this.phase);
      throw error;
    }
  }

  private async readReply(id: number, timeoutMs: number): Promise<Uint8Array | null> {
    for (;;) {
      const head = await this.readExactly(2, timeoutMs, id);
      const tag = String.fromCharCode(head[0]!, head[1]!);
      if (tag === 'PD') continue; // the loader is busy (long erase): keep waiting
      if (tag === 'FL') {
        const code = await this.readExactly(2, timeoutMs, id);
        throw new ChipError(code[0]! | (code[1]! << 8), commandName(id));
      }
      if (tag !== 'OK') throw new ProtocolError(`unexpected reply ${toHex(head)} to ${commandName(id)}`);
      if (!DATA_REPLY_COMMANDS.has(id)) return null;
      const lengthBytes = await this.readExactly(2, timeoutMs, id);
      const length = lengthBytes[0]! | (lengthBytes[1]! << 8);
      return length ? this.readExactly(length, timeoutMs, id) : new Uint8Array(0);
    }
  }

  /**
   * Runs a loader operation, resyncing and retrying after line faults (no reply, garbage, bad checksum).
   * A transfer command (`at`: the address it works on) that keeps failing steps down the rates and goes on.
   */
  private async withRetry<T>(what: string, operation: () => Promise<T>, at?: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        const lineFault = error instanceof NoReplyError || error instanceof ProtocolError || (error instanceof ChipError && isTransient(error.code));
        if (!lineFault) throw error;
        if (attempt >= this.retries) {
          if (at === undefined || !(await this.stepDown(`${what}: ${(error as Error).message}`, at))) throw error;
          attempt = 0;
          continue;
        }
        this.recoveries++;
        const answered = error instanceof ChipError;
        this.log(`${what}: ${(error as Error).message}; ${answered ? 'retrying' : 'resyncing'} (attempt ${attempt + 1} of ${this.retries})`);
        if (!answered) await this.resync();
      }
    }
  }

  /** The rate the link runs at now (the transfer rate, after any step down). */
  get baudRate(): number {
    return this.link.baudRate;
  }

  /**
   * Moves the transfer to the next lower rate of the ladder and says so; false at the bottom, or before
   * the transfer phase. The eflash_loader moves with change_rate (it answers "OK" at the new rate); the
   * BL616 ROM with clk_set (it answers at the old rate, then listens at the new one).
   */
  private async stepDown(why: string, at: number): Promise<boolean> {
    const current = this.link.baudRate;
    const lower = lowerRate(current);
    if (lower === null || this.phase !== 'loader') return false;
    try {
      if (this.romFlash) {
        // its "OK" (at the old rate) may be damaged by the same line: the command at the new rate below decides
        await this.command(Command.clockSet, clockSetPayload(lower), { timeoutMs: 500 }).catch((error: unknown) => {
          if (!(error instanceof NoReplyError || error instanceof ProtocolError)) throw error;
        });
        await this.link.setBaudRate(lower);
        await sleep(10);
        await this.link.drain(5, 50);
      } else {
        await this.moveLoader(current, lower);
      }
      // a chip that stopped answering altogether is no reason to go on: it must answer a command at the new rate
      await this.withRetry('get_boot_info', () => this.command(Command.getBootInfo, undefined, { timeoutMs: 500 }));
    } catch (error) {
      if (!(error instanceof NoReplyError || error instanceof ProtocolError || error instanceof ChipError)) throw error;
      this.log(`the step down to ${lower} baud failed (${error.message})`);
      return false;
    }
    this.recoveries++;
    this.options.onNote?.(`the transfer kept failing at ${current} baud (${why}); continuing at ${lower} baud from 0x${at.toString(16).toUpperCase()}`);
    return true;
  }

  /**
   * change_rate (0x20, spec 4.6): the loader answers "OK" at the new rate, so the host switches right after
   * sending. When that answer is lost, a handshake finds the loader at the new rate; failing that, its 2 s
   * idle timeout returns it to the handshake state, where it takes the rate of the next 0x55 burst.
   */
  private async moveLoader(current: number, rate: number): Promise<void> {
    await this.link.drain(5, 50);
    await this.link.write(encodeFrame(Command.changeRate, words(current, rate)));
    // the chip must have the whole frame at the old rate before the port moves (Bouffalo's tool waits 220 bit times, at least 3 ms)
    await sleep(CHANGE_RATE_SETTLE_MS);
    await this.link.setBaudRate(rate);
    try {
      await this.readReply(Command.changeRate, 500);
      return;
    } catch (error) {
      if (!(error instanceof NoReplyError || error instanceof ProtocolError || error instanceof ChipError)) throw error;
      this.log(`change_rate to ${rate}: ${error.message}; looking for the loader at ${rate} baud`);
    }
    const chip = this.chip ?? 'auto';
    if (await handshake(this.link, { chip, attempts: 2 })) return;
    await sleep(IDLE_RESET_MS + 100);
    if (await handshake(this.link, { chip, attempts: 4 })) return;
    throw new NoReplyError(`the eflash_loader after change_rate to ${rate} baud`, IDLE_RESET_MS, 'loader');
  }

  private async resync(): Promise<void> {
    await sleep(10);
    await this.link.drain(10, 500);
    const ok = await handshake(this.link, { chip: this.chip ?? 'auto', attempts: 3 });
    if (!ok) throw new NoReplyError('the resync handshake', 250, this.phase);
  }

  /**
   * Reset into the ROM and handshake until it answers or the link timeout passes (resetting through the
   * modem lines now and then, and asking the user once to reset by hand), then get_boot_info. Needs no
   * eflash_loader: chip, ROM version and the eFuse-derived facts come from the ROM alone.
   */
  async connectRom(): Promise<BootInfo> {
    const { romBaud } = this.options;
    const reset = this.options.reset ?? 'auto';
    await this.link.setBaudRate(romBaud);
    const wired = await resetIntoRom(this.link, reset);
    const timeoutMs = this.options.linkTimeoutMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    const promptAt = Date.now() + Math.min(PROMPT_AFTER_MS, timeoutMs / 2);
    let prompted = false;
    for (let attempt = 1; ; attempt++) {
      if (await handshake(this.link, { chip: this.options.chip, attempts: 1 })) break;
      if (Date.now() >= deadline) throw new NeverAnsweredError(this.link.path, romBaud, timeoutMs);
      if (!prompted && Date.now() >= promptAt) {
        prompted = true;
        this.options.onPrompt?.(manualResetPrompt(romBaud, Math.round((deadline - Date.now()) / 1000), wired));
      }
      if (wired && attempt % 8 === 0) await resetIntoRom(this.link, reset);
    }
    this.answered = true;
    const info = decodeBootInfo(await this.readIdentity('boot information (chip and ROM version)', Command.getBootInfo, 'get_boot_info'));
    if (info.loaderRunning) {
      this.inLoader = true;
      return info;
    }
    const chip = info.chip!;
    const hint = this.options.chip;
    if (hint !== 'auto' && hint !== chip) throw new BouffaloSetupError(`--chip ${hint} was given but the boot ROM identifies itself as ${chipDisplayName(chip)} (ROM version 0x${info.romVersion.toString(16)})`);
    this.chip = chip;
    return info;
  }

  /** Reset into the ROM, handshake, identify, upload and start the eflash_loader, read the flash id. */
  async connect(): Promise<ConnectResult> {
    const { loaderBaud } = this.options;
    const reset = this.options.reset ?? 'auto';
    let bootInfo: BootInfo | null = null;
    let loaderSource = 'already running';

    // After a reset the chip is in its ROM; only without reset wiring can a loader still be running.
    if (reset === 'none' && this.options.chip !== 'bl616' && (await this.probeLoader())) {
      this.log('eflash_loader already running');
    } else {
      bootInfo = await this.connectRom();
      if (bootInfo.chip === 'bl616' && !bootInfo.loaderRunning) {
        if (bootInfo.signType || bootInfo.encrypted) throw new BouffaloSetupError('this BL616/BL618 has secure boot enabled (signed or encrypted images only); fwkit does not read or write its flash, which holds only images tied to its eFuse keys');
        await this.startRomFlash(bootInfo);
        loaderSource = ROM_SERVES_FLASH;
      } else if (!bootInfo.loaderRunning) {
        const chip = bootInfo.chip!;
        if (bootInfo.signType || bootInfo.encrypted) throw new BouffaloSetupError(readProtectedMessage(chip, bootInfo.signType, bootInfo.encrypted));
        const loader = await this.options.loader(chip);
        loaderSource = loader.source;
        await this.uploadLoaderWithRestart(loader, chip, reset);
        await sleep(100);
        await this.link.setBaudRate(loaderBaud);
        const loaderSynced = await handshake(this.link, { chip, attempts: 6 });
        if (!loaderSynced) throw new NoReplyError(`the eflash_loader handshake at ${loaderBaud} baud (the loader from ${loader.source} did not start; it may be for another crystal or chip)`, 250, 'loader');
        this.inLoader = true;
      }
    }
    const flash = await this.readFlashId();
    this.chip ??= this.options.chip === 'auto' ? 'bl602' : this.options.chip;
    return { chip: this.chip, bootInfo, loader: loaderSource, ...flash };
  }

  /** flash_read_jid: the id and the size its capacity byte gives; refuses ids no flash has. */
  private async readFlashId(): Promise<{ jedecId: string; flashSize: number }> {
    const jedec = await this.readIdentity('flash id', Command.flashReadJedecId, 'flash_read_jid').catch((error: unknown) => {
      throw this.jedecReadFailure(error);
    });
    if (jedec.length < 3) throw new ProtocolError('flash_read_jid returned fewer than 3 bytes');
    const id = Array.from(jedec.subarray(0, 3), (b) => b.toString(16).padStart(2, '0')).join('');
    if (id === '000000' || id === 'ffffff') throw new FlashNotAnsweringError(jedecFailure(`reads flash id ${id.toUpperCase()}`, this.jedecChip));
    if (jedec.length >= 4 && jedec[3] !== 0x80) this.log('the chip could not identify the flash (flag byte is not 0x80)');
    const capacity = jedec[2]!;
    if (capacity < 0x10 || capacity > 0x1a) throw new ProtocolError(`flash capacity byte 0x${capacity.toString(16)} is not a plausible size`);
    return { jedecId: id, flashSize: 2 ** capacity };
  }

  /**
   * A flash id read that failed after its retries while the chip still answered in between (the resyncs
   * worked): the flash is the cause, not the line. Anything else passes through.
   */
  /** The chip a flash id failure is explained for (a loader found running names none: BL602 then). */
  private get jedecChip(): BouffaloChip | null {
    return this.romFlash ? 'bl616' : this.chip;
  }

  private jedecReadFailure(error: unknown): unknown {
    if (error instanceof ChipError) return new FlashNotAnsweringError(jedecFailure(`its flash id read (flash_read_jid) keeps failing with ${errorCodeLabel(error.code)} ${error.info.name} (${this.retries} attempts)`, this.jedecChip));
    if (error instanceof NoReplyError && error.what === commandName(Command.flashReadJedecId)) {
      return new FlashNotAnsweringError(jedecFailure(`its flash id read (flash_read_jid) gets no reply, though the handshake in between is answered (${this.retries} attempts)`, this.jedecChip));
    }
    return error;
  }

  /**
   * After connectRom on a BL616/BL618 (no secure boot): its ROM alone reads the flash id, so `flash info`
   * can show the flash too. Null on other chips, whose flash needs the eflash_loader.
   */
  async romFlashId(info: BootInfo): Promise<{ jedecId: string; flashSize: number } | null> {
    if (info.chip !== 'bl616' || info.loaderRunning || info.signType || info.encrypted) return null;
    await this.startRomFlash(info);
    return this.readFlashId();
  }

  /**
   * BL616/BL618 (bouffalo.md §4.9): lengthen the ROM's 2 s UART timeout (a set-timeout command, or a memory
   * write on A0 silicon), move the UART to the transfer rate with clk_set — the ROM answers at the old rate,
   * then listens at the new one without a handshake — and give it the flash parameters.
   */
  private async startRomFlash(info: BootInfo): Promise<void> {
    const facts = info.bl616;
    if (facts?.a0) await this.command(Command.memoryWrite, words(BL616_A0_TIMEOUT_REGISTER, a0TimeoutWord(BL616_UART_TIMEOUT_MS)));
    else await this.command(Command.optFinish, words(BL616_UART_TIMEOUT_MS));
    const { loaderBaud } = this.options;
    await this.command(Command.clockSet, clockSetPayload(loaderBaud), { timeoutMs: 2000 });
    await this.link.setBaudRate(loaderBaud);
    await sleep(10);
    await this.link.drain(5, 50);
    this.romFlash = true;
    this.chunk = BL616_TRANSFER_CHUNK;
    const pin = facts?.flashPin ?? DEFAULT_FLASH_PIN;
    await this.withRetry('flash_set_para', () => this.command(Command.flashSetParameters, words(flashSetWord(pin))));
    this.log(`BL616/BL618 ROM flash access at ${loaderBaud} baud (flash pin setting 0x${pin.toString(16)}${facts?.a0 ? ', A0 silicon' : ''})`);
  }

  /**
   * A reply that names the chip or its flash, read until two reads agree: its bytes are not covered by
   * any checksum, and one damaged bit makes a BL702 a BL602 or a 2 MiB flash an 8 MiB one.
   */
  private readIdentity(what: string, id: number, name: string): Promise<Uint8Array> {
    return readUntilAgreed(
      what,
      async () => {
        const reply = await this.withRetry(name, () => this.command(id));
        if (!reply) throw new ProtocolError(`${name} returned no data`);
        return reply;
      },
      {
        key: toHex,
        retryable: (error) => error instanceof ProtocolError,
        failure: (message) => new ProtocolError(message),
      },
    );
  }

  /** True when an eflash_loader already answers at the loader baud (a previous run left it running). */
  private async probeLoader(): Promise<boolean> {
    await this.link.setBaudRate(this.options.loaderBaud);
    if (!(await handshake(this.link, { chip: this.options.chip, attempts: 1, replyTimeoutMs: 100 }))) return false;
    try {
      const info = await this.command(Command.getBootInfo, undefined, { timeoutMs: 300 });
      if (info && decodeBootInfo(info).loaderRunning) {
        this.inLoader = true;
        return true;
      }
    } catch {
      // not the loader: fall through to the ROM path
    }
    await this.link.drain(20, 300);
    return false;
  }

  /**
   * Uploads the loader; when the ROM refuses or goes quiet half way (a previous run left it mid-load,
   * or the line garbled a frame), starts the ROM over once: by reset when wired, else by waiting out
   * the ROM's 2 s idle timeout, which returns it to the handshake state.
   */
  private async uploadLoaderWithRestart(loader: LoaderFile, chip: BouffaloChip, reset: ResetMode): Promise<void> {
    try {
      await this.uploadLoader(loader);
    } catch (error) {
      if (!(error instanceof ChipError || error instanceof NoReplyError || error instanceof ProtocolError)) throw error;
      // IMG_BOOTHEADER_ENCRYPT_NOTFIT / SIGN_NOTFIT: the eFuse wants what a plain loader is not
      if (error instanceof ChipError && (error.code === 0x0205 || error.code === 0x0206)) throw new BouffaloSetupError(readProtectedMessage(chip, error.code === 0x0206 ? 1 : 0, error.code === 0x0205 ? 1 : 0));
      this.log(`loader upload failed (${error.message}); restarting the boot ROM sequence`);
      if (!(await resetIntoRom(this.link, reset))) await sleep(IDLE_RESET_MS + 100);
      if (!(await handshake(this.link, { chip, attempts: 6 }))) throw error;
      await this.uploadLoader(loader);
    }
  }

  /** Boot header, each segment header and its data, check, run (spec 4.8 steps 4-7). */
  async uploadLoader(loader: LoaderFile): Promise<void> {
    const image = decodeRamImage(loader.bytes);
    await this.command(Command.loadBootHeader, image.bootHeader);
    for (const segment of image.segments) {
      const echo = await this.command(Command.loadSegmentHeader, segment.headerBytes);
      if (!echo || !sameBytes(echo, segment.headerBytes)) this.log('the ROM echoed a different segment header than was sent');
      const chunk = ROM_MAX_FRAME - 4;
      for (let offset = 0; offset < segment.data.length; offset += chunk) {
        await this.command(Command.loadSegmentData, segment.data.subarray(offset, offset + chunk));
      }
    }
    await this.command(Command.checkImage);
    if (this.chip === 'bl702') {
      for (const [address, value] of BL702_RUN_WRITES) await this.command(Command.memoryWrite, words(address, value), { timeoutMs: 300 }).catch(() => null);
    } else {
      await this.command(Command.runImage);
    }
  }

  private requireLoader(): void {
    if (!this.inLoader && !this.romFlash) throw new BouffaloSetupError('flash commands need the eflash_loader (or a BL616 ROM set up for flash); call connect() first');
  }

  /** SHA-256 of flash[address, address + length) computed by the chip. */
  async flashSha256(address: number, length: number): Promise<Uint8Array> {
    this.requireLoader();
    // the chip hashes flash at several MB/s; allow a generous 256 bytes per millisecond on top
    const timeoutMs = (this.options.replyTimeoutMs ?? 1000) + Math.ceil(length / 256);
    const digest = await this.withRetry('flash_readSha', () => this.command(Command.flashReadSha256, words(address, length), { timeoutMs }), address);
    if (!digest || digest.length !== 32) throw new ProtocolError(`flash_readSha returned ${digest?.length ?? 0} bytes instead of 32`);
    return digest;
  }

  /** One flash_read command, retried after line faults. */
  private readChunk(at: number, length: number): Promise<Uint8Array> {
    return this.withRetry('flash_read', async () => {
      const reply = await this.command(Command.flashRead, words(at, length), { replyBytes: length + 4 });
      if (!reply || reply.length !== length) throw new ProtocolError(`flash_read at 0x${at.toString(16)} returned ${reply?.length ?? 0} of ${length} bytes`);
      return reply;
    }, at);
  }

  /**
   * Reads `length` bytes. Every 64 KiB block is checked against the chip's SHA-256; on a mismatch each
   * chunk of the block is checked on its own and the damaged ones are read again.
   */
  async readFlash(address: number, length: number, progress?: Progress): Promise<Uint8Array> {
    this.requireLoader();
    const out = new Uint8Array(length);
    for (let blockStart = 0; blockStart < length; blockStart += VERIFY_BLOCK) {
      const blockLength = Math.min(VERIFY_BLOCK, length - blockStart);
      for (let offset = 0; offset < blockLength; offset += this.chunk) {
        const chunkLength = Math.min(this.chunk, blockLength - offset);
        out.set(await this.readChunk(address + blockStart + offset, chunkLength), blockStart + offset);
        progress?.(blockStart + offset + chunkLength, length);
      }
      const block = out.subarray(blockStart, blockStart + blockLength);
      if (sameBytes(sha256(block), await this.flashSha256(address + blockStart, blockLength))) continue;
      this.log(`read block at 0x${(address + blockStart).toString(16)} failed its SHA-256 check; checking it chunk by chunk`);
      for (let offset = blockStart; offset < blockStart + blockLength; offset += this.chunk) {
        const chunkLength = Math.min(this.chunk, blockStart + blockLength - offset);
        const at = address + offset;
        // both the data and the digest may have been damaged on the line: fetch both again each time
        for (let attempt = 1; !sameBytes(sha256(out.subarray(offset, offset + chunkLength)), await this.flashSha256(at, chunkLength)); attempt++) {
          if (attempt > this.retries) {
            if (!(await this.stepDown(`the data read keeps differing from the chip's SHA-256`, at))) throw new ProtocolError(`the data read at 0x${at.toString(16)} keeps differing from the chip's SHA-256; lower the baud rate`);
            attempt = 0;
          }
          this.recoveries++;
          out.set(await this.readChunk(at, chunkLength), offset);
        }
      }
    }
    return out;
  }

  /** Erases whole sectors covering [address, address + length); the loader's end address is inclusive. */
  async erase(address: number, length: number): Promise<void> {
    this.requireLoader();
    if (address % SECTOR_SIZE || length % SECTOR_SIZE) throw new RangeError(`erase range 0x${address.toString(16)}+0x${length.toString(16)} is not sector aligned`);
    const timeoutMs = 15_000 + Math.ceil(length / 1024) * 30;
    await this.withRetry('flash_erase', () => this.command(Command.flashErase, words(address, address + length - 1), { timeoutMs }), address);
  }

  /** Programs already-erased flash in chunks, then asks the loader whether every write succeeded. */
  async program(address: number, data: Uint8Array, progress?: Progress): Promise<void> {
    this.requireLoader();
    for (let offset = 0; offset < data.length; offset += this.chunk) {
      const chunk = data.subarray(offset, offset + this.chunk);
      await this.withRetry('flash_write', () => this.command(Command.flashWrite, concatBytes([words(address + offset), chunk])), address + offset);
      progress?.(offset + chunk.length, data.length);
    }
    await this.withRetry('flash_write_check', () => this.command(Command.flashWriteCheck), address);
  }

  /**
   * Writes `data` at a sector-aligned `address`, one 64 KiB block at a time: a block whose chip
   * SHA-256 already matches is skipped; others are erased, programmed and verified by SHA-256.
   * Returns the number of bytes actually written.
   */
  async writeFlash(address: number, data: Uint8Array, progress?: Progress): Promise<{ written: number; skipped: number }> {
    this.requireLoader();
    if (address % SECTOR_SIZE) throw new RangeError(`write address 0x${address.toString(16)} is not sector aligned`);
    const tail = data.length % SECTOR_SIZE;
    if (tail) {
      // the erase takes the whole last sector: keep what the chip holds after the data
      const kept = await this.readFlash(address + data.length, SECTOR_SIZE - tail);
      data = concatBytes([data, kept]);
    }
    let written = 0;
    let skipped = 0;
    for (let blockStart = 0; blockStart < data.length; blockStart += VERIFY_BLOCK) {
      const block = data.subarray(blockStart, blockStart + VERIFY_BLOCK);
      const at = address + blockStart;
      const wanted = sha256(block);
      if (sameBytes(wanted, await this.flashSha256(at, block.length))) {
        skipped += block.length;
      } else {
        for (let attempt = 1; ; attempt++) {
          await this.erase(at, Math.ceil(block.length / SECTOR_SIZE) * SECTOR_SIZE);
          await this.program(at, block);
          if (sameBytes(wanted, await this.flashSha256(at, block.length))) break;
          if (attempt >= this.retries) {
            const why = `the block's SHA-256 differed after ${attempt} writes`;
            if (!(await this.stepDown(why, at))) throw new ProtocolError(`flash at 0x${at.toString(16)} does not match what was written (SHA-256 differs after ${attempt} attempts)`);
            attempt = 0;
            continue;
          }
          this.recoveries++;
          this.log(`block at 0x${at.toString(16)} failed verification; writing it again`);
        }
        written += block.length;
      }
      progress?.(blockStart + block.length, data.length);
    }
    return { written, skipped };
  }

  /** Leaves the loader: asks the chip to reset and, where wired, releases BOOT and pulses EN. */
  async finish(): Promise<void> {
    if (this.inLoader || this.romFlash) await this.command(Command.reset, undefined, { timeoutMs: 300 }).catch(() => null);
    this.inLoader = false;
    this.romFlash = false;
    await resetToRun(this.link, this.options.reset ?? 'auto');
  }
}
