/**
 * Getting a Beken chip ready: the link dance (modem-line reset pulses, reboot text, repeated
 * LinkChecks), identification (ROM or bootloader protocol, family, flash id, size, protection),
 * the baud switch with check and fallback, and flash unprotect.
 */
import { fromHex, toHex } from '../../formats/bytes.js';
import { hexWord } from '../../formats/beken/findings.js';
import { resetSteps, runReset } from '../reset-sequence.js';
import { BekenClient, NoReplyError, ProtocolError, sleep } from './client.js';
import { chipCrc } from './crc.js';
import {
  BK7231N_EFUSE_KEY,
  BOOTLOADER_END,
  BOOTLOADER_FINGERPRINTS,
  CHIP_ID_REGISTER,
  FAMILIES,
  familiesWithChipId,
  familyTraits,
  type BekenFamily,
  type BootloaderFingerprint,
  type FamilyTraits,
  type ProtocolKind,
} from './families.js';
import { DEFAULT_PROTECT_MASK, findFlashPart, flashSizeFromId, jedecHex, type FlashPart } from './flash-parts.js';
import { AGREEMENT_READS, readAgreed } from './agreed-read.js';
import { LINK_BAUD, lowerRate, RATE_LADDER, switchBaud } from './baud.js';
export { switchBaud };
import { DiagnosedError, deadFlashMessage, flashIdFailedMessage, stuckProtectionMessage, uniformReadMessage } from './diagnosis.js';
import { identifyByContent } from './identify-by-content.js';
import { chipRangeCrc, readRange, type AddressedTarget } from './operations.js';

export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

export class WrongChipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongChipError';
  }
}

export interface ChipInfo {
  family: BekenFamily;
  protocol: ProtocolKind;
  /** Who answers on the port: the mask ROM or the bootloader in flash. */
  downloadEngine: 'mask ROM' | 'flash bootloader';
  chipId: number | null;
  bootloader: string | null;
  /** CRC-32 of the first 256 bytes (257 on ROM chips) as the chip computes it: the bootloader's fingerprint. */
  bootloaderCrc: number;
  bootVersion: string | null;
  /** What named the family: the chip id, the bootloader's fingerprint or version, its bytes, or --chip. */
  identifiedBy: 'chip id' | 'bootloader fingerprint' | 'boot version' | 'bootloader content' | '--chip' | null;
  /** The signals the bootloader's content gave, when it was read to identify the chip. */
  evidence: Array<[string, string]>;
  /** Diagnoses worth telling the user before any transfer (read protection, protect bits). */
  warnings: string[];
  /** The bootloader region hashes like all 0x00 or all 0xFF: what a read would give is not the flash's content. */
  uniformBootloader: 0x00 | 0xff | null;
  crcEndInclusive: boolean;
  flashId: string | null;
  flashName: string | null;
  flashSize: number;
  /** How the size was found: JEDEC id, wrap-around probe, or the family's default. */
  flashSizeSource: 'jedec' | 'probe' | 'default';
  /** Status registers (SR2 << 8 | SR1) and whether any protect bit is set; null when not readable. */
  protection: { status: number; protected: boolean } | null;
  baudRate: number;
}

export interface ConnectOptions {
  /** How long to keep trying before giving up. */
  timeoutMs?: number;
  /** Called once when the chip has not answered for a while: ask the user to reset it. */
  onPrompt?: (message: string) => void;
  promptAfterMs?: number;
  /** The --reset option: `auto` (DTR/RTS on CEN), `none`, a named wiring or a sequence. */
  reset?: string;
  /**
   * First look for a chip still in download mode at a transfer rate (an earlier session ended without
   * a reset): these rates besides the ladder's, e.g. --baud; false skips the look.
   */
  strandedRates?: number[] | false;
  /** Told when the chip was found at a transfer rate. */
  onNote?: (message: string) => void;
}

/** How long each rate is given when looking for a chip left at a transfer rate (a loaded host answers late). */
const STRANDED_WAIT_MS = 250;
/** The look is repeated this often while the chip does not answer at the link rate. */
const STRANDED_EVERY_MS = 5000;

/** The transfer rates a chip may have been left at: `extra` (e.g. --baud) and the ladder's, highest first. */
function transferRates(extra: number[]): number[] {
  return [...new Set([...extra, ...RATE_LADDER])].filter((rate) => rate > LINK_BAUD).sort((a, b) => b - a);
}

/**
 * A chip stays in download mode at the last rate it was switched to until it is reset; a session that
 * was interrupted (Ctrl-C, a crash, an unplugged adapter) leaves it there, and a pty or an adapter
 * without reset wiring cannot reset it. One LinkCheck at the link rate, then one at each transfer rate,
 * before any reset pulse; returns the rate that answered, or null (the port is back at the link rate).
 */
async function findStrandedChip(client: BekenClient, extra: number[]): Promise<number | null> {
  for (const rate of [LINK_BAUD, ...transferRates(extra)]) {
    await client.transport.setBaudRate(rate);
    await client.transport.drain(10, 100);
    if (await client.linkCheck(STRANDED_WAIT_MS)) return rate;
  }
  await client.transport.setBaudRate(LINK_BAUD);
  return null;
}

export const RESET_PROMPT =
  'No answer yet: reset the device now (pull CEN to GND briefly) or power-cycle it, keeping the adapter connected; fwkit keeps trying.';

/** LinkCheck until the chip answers, with modem-line reset pulses and `reboot` text for running firmware. */
export async function linkChip(client: BekenClient, options: ConnectOptions = {}): Promise<void> {
  const { timeoutMs = 20_000, promptAfterMs = 3000 } = options;
  const transport = client.transport;
  const started = Date.now();
  const stranded = options.strandedRates;
  let lookedAt = -Infinity;
  let prompted = false;
  let modemLines = true;
  for (let attempt = 0; Date.now() - started < timeoutMs; attempt++) {
    if (stranded !== false && Date.now() - lookedAt >= STRANDED_EVERY_MS) {
      lookedAt = Date.now();
      const rate = await findStrandedChip(client, stranded ?? []);
      if (rate !== null) {
        await transport.drain(20, 500);
        if (rate !== LINK_BAUD) options.onNote?.(`the chip was still in download mode at ${rate} baud (an earlier session ended without resetting it); carrying on from there`);
        return;
      }
    }
    if (attempt % 100 === 0 && modemLines) modemLines = await runReset(transport, resetSteps(options.reset ?? 'auto', 'beken', 'enter'));
    if (attempt % 25 === 0) await transport.write(new TextEncoder().encode('reboot\r\n'));
    if (await client.linkCheck(20)) {
      await transport.drain(20, 500); // late answers to the earlier LinkChecks
      return;
    }
    if (!prompted && Date.now() - started >= promptAfterMs) {
      prompted = true;
      options.onPrompt?.(RESET_PROMPT);
    }
  }
  throw new LinkError(
    `no Beken chip answered on ${transport.path} within ${Math.round(timeoutMs / 1000)} s (at ${LINK_BAUD} baud${stranded === false ? '' : `, and now and then at ${transferRates(stranded ?? []).join(', ')} for a chip left at a transfer rate`}): check the wiring (adapter TX to chip RX1/P10, RX to TX1/P11, common GND), then reset or power-cycle the device while fwkit is trying (a Bouffalo BL602/BL702 module needs --chip bl602, bl702 or bl)`,
  );
}

/** CheckCRC(0x11000, 0x11100) against 256 and 257 bytes read from there decides the end rule. */
async function detectCrcRule(client: BekenClient): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      const sector = await client.read4k(BOOTLOADER_END);
      client.crcEndInclusive = false; // send the end address as is
      client.relinkAfterCrc = false;
      const raw = await client.checkCrc(BOOTLOADER_END, BOOTLOADER_END + 0x100);
      await client.relink(); // harmless on ROM chips, needed after a CRC on bootloader chips
      if (raw === chipCrc(sector.subarray(0, 0x101))) return true;
      if (raw === chipCrc(sector.subarray(0, 0x100))) return false;
      throw new ProtocolError('the chip CRC of 0x11000-0x11100 matches neither CRC end rule; this is not a supported Beken download protocol');
    } catch (error) {
      if (!(error instanceof ProtocolError) || attempt >= IDENTIFY_ATTEMPTS) throw error;
      await client.transport.drain(10, 500);
    }
  }
}

/** Tries per identification step; a failed step is repeated like a transfer's command. */
const IDENTIFY_ATTEMPTS = 4;

async function readEfuseKey(client: BekenClient): Promise<Uint8Array> {
  const key = new Uint8Array(16);
  for (let address = 0; address < 16; address++) {
    const control = await client.readRegister(0x00800074);
    await client.writeRegister(0x00800074, ((control & ~0x1f02) | (address << 8) | 1) >>> 0);
    for (let poll = 0; poll < 10 && (await client.readRegister(0x00800074)) & 1; poll++);
    key[address] = (await client.readRegister(0x00800078)) & 0xff;
  }
  return key;
}

/**
 * Flash size on chips without GetMID: the flash repeats every `size` bytes. The chip's CRC of the
 * first app block is compared with the same block one candidate size higher; a match is believed
 * (noise does not make two CRCs equal), a mismatch is asked again before the next size is tried.
 */
async function probeFlashSize(client: BekenClient): Promise<number | null> {
  const crcOf = (start: number) => client.checkCrc(start, start + PROBE_BLOCK);
  const base = await readAgreed('CRC of the first app block', () => crcOf(BOOTLOADER_END));
  for (let size = 0x80000; size <= 0x1000000; size *= 2) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if ((await crcOf(BOOTLOADER_END + size)) === base) return size;
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
      }
    }
  }
  return null;
}

const PROBE_BLOCK = 0x10000;

export async function readProtection(client: BekenClient, part: FlashPart | null): Promise<{ status: number; protected: boolean }> {
  const reads = part?.statusReads ?? [0x05, 0x35];
  const status =
    (await readAgreed('flash status registers', async () => {
      let value = 0;
      for (const [index, opcode] of reads.slice(0, 2).entries()) value |= (await client.readStatusRegister(opcode)) << (8 * index);
      return value;
    })) & ~0x03; // WIP and WEL are not protection
  return { status, protected: (status & (part?.protectMask ?? DEFAULT_PROTECT_MASK)) !== 0 };
}

/** Families that speak `protocol`, lower-case as --chip takes them. */
function candidatesFor(protocol: ProtocolKind): string {
  return FAMILIES.filter((f) => familyTraits(f).protocol === protocol)
    .map((f) => f.toLowerCase())
    .join(', ');
}

/**
 * Reads the bootloader region 0x0-0x10FFF (through the wrap-around at `flashSize` on chips that
 * guard it), every block checked against the chip's CRC.
 */
async function readBootloaderRegion(client: BekenClient, protocol: ProtocolKind, flashSize: number): Promise<Uint8Array> {
  // Any family of the protocol addresses the region the same way.
  const family = FAMILIES.find((f) => familyTraits(f).protocol === protocol)!;
  const region = new Uint8Array(BOOTLOADER_END);
  await readRange({ client, info: { family, flashSize } }, 0, BOOTLOADER_END, (at, data) => region.set(data, at));
  return region;
}

/** What the chip reports about itself before the flash is looked at. */
interface SelfReport {
  family: BekenFamily | null;
  chipId: number | null;
  bootVersion: string | null;
  identifiedBy: ChipInfo['identifiedBy'];
}

async function selfReport(client: BekenClient, protocol: ProtocolKind, fingerprint: BootloaderFingerprint | null): Promise<SelfReport> {
  if (protocol === 'rom') {
    // A known id is several bits away from any other: one read of it is believed.
    const chipId = await readAgreed('chip id', () => client.readRegister(CHIP_ID_REGISTER), hexWord, (id) => familiesWithChipId(id).length > 0);
    const candidates = familiesWithChipId(chipId);
    let family = candidates[0] ?? null;
    if (candidates.includes('BK7231N')) {
      const isKnown = (k: Uint8Array) => k.every((b, i) => b === BK7231N_EFUSE_KEY[i]) || k.every((b) => b === 0);
      const key = await readAgreed('eFuse key', () => readEfuseKey(client), toHex, isKnown);
      family = key.every((b, i) => b === BK7231N_EFUSE_KEY[i]) ? 'BK7231N' : key.every((b) => b === 0) ? 'BK7231M' : 'BK7231N';
    }
    return { family, chipId, bootVersion: null, identifiedBy: family ? 'chip id' : null };
  }
  const bootVersion = await readAgreed('boot version', () => client.readBootVersion(), (v) => v ?? '(none)');
  if (fingerprint) return { family: fingerprint.family, chipId: null, bootVersion, identifiedBy: 'bootloader fingerprint' };
  const family = bootVersion?.startsWith('BK7231S') ? 'BK7231T' : null;
  return { family, chipId: null, bootVersion, identifiedBy: family ? 'boot version' : null };
}

/**
 * Identifies the chip. `expected` (from --chip) must agree with what the chip reports; when the chip
 * itself cannot tell (unknown chip id or bootloader), its bootloader region is read and identified by
 * content; only when the bytes cannot tell either is the user's choice taken (if its protocol matches).
 */
export async function identifyChip(client: BekenClient, expected: BekenFamily | null, say?: (line: string) => void): Promise<ChipInfo> {
  const inclusive = await detectCrcRule(client);
  const protocol: ProtocolKind = inclusive ? 'rom' : 'bootloader';
  // Fingerprints are taken with the end address 0x100 as sent (257 bytes on ROM chips).
  const bootloaderCrc = await readAgreed(
    'bootloader CRC',
    async () => {
      const raw = await client.checkCrc(0, 0x100);
      await client.relink();
      return (raw ^ 0xffffffff) >>> 0;
    },
    hexWord,
  );
  const fingerprint = BOOTLOADER_FINGERPRINTS.get(bootloaderCrc) ?? null;
  client.crcEndInclusive = inclusive;
  client.relinkAfterCrc = !inclusive;
  const reported = await selfReport(client, protocol, fingerprint);
  let { family, identifiedBy } = reported;
  if (family && familyTraits(family).protocol !== protocol) family = identifiedBy = null;
  if (expected && family && expected !== family) {
    throw new WrongChipError(`the chip reports itself as ${family}, not ${expected} as --chip says; check the device or pass --chip auto`);
  }
  if (expected && familyTraits(expected).protocol !== protocol) {
    throw new WrongChipError(`the chip speaks the ${protocol === 'rom' ? 'mask-ROM' : 'bootloader'} protocol, which a ${expected} does not; check --chip`);
  }

  let flashId: Uint8Array | null = null;
  let part: FlashPart | null = null;
  let flashSize: number | null = null;
  let flashSizeSource: ChipInfo['flashSizeSource'] = 'default';
  let protection: ChipInfo['protection'] = null;
  if (protocol === 'rom') {
    flashId = await readFlashIdOrDiagnose(client);
    part = findFlashPart(flashId);
    flashSize = flashSizeFromId(flashId);
    if (flashSize === null) throw new DiagnosedError(deadFlashMessage(flashId));
    flashSizeSource = 'jedec';
    protection = await readProtection(client, part);
  } else {
    flashSize = await probeFlashSize(client);
    if (flashSize) flashSizeSource = 'probe';
  }

  let evidence: Array<[string, string]> = [];
  if (!family) {
    const what = protocol === 'rom' ? `chip id ${hexWord(reported.chipId!)}` : `bootloader CRC ${hexWord(bootloaderCrc)}`;
    say?.(`the chip does not name itself (${what} is not known): reading its bootloader region to identify it by content`);
    const region = await readBootloaderRegion(client, protocol, flashSize ?? familyTraits(expected ?? (protocol === 'rom' ? 'BK7231N' : 'BK7231T')).defaultFlashSize);
    const content = identifyByContent(region);
    evidence = content.evidence;
    if (content.uniform !== null) throw new DiagnosedError(uniformReadMessage(content.uniform, 'the bootloader region 0x0-0x10FFF'));
    if (content.family && familyTraits(content.family).protocol === protocol) {
      family = content.family;
      identifiedBy = 'bootloader content';
    } else if (!expected) {
      const shown = evidence.length ? `; its content shows ${evidence.map(([label, value]) => `${label} ${value}`).join(', ')}, which does not settle the family` : '; its content names no family';
      throw new WrongChipError(
        `the chip has ${what}${shown}: pass --chip with the family printed on the module (one of ${candidatesFor(protocol)})`,
      );
    }
  }
  if (expected && family && expected !== family) {
    throw new WrongChipError(`the chip reports itself as ${family} (by its ${identifiedBy}), not ${expected} as --chip says; check the device or pass --chip auto`);
  }
  if (!family) {
    family = expected!;
    identifiedBy = '--chip';
  }
  const traits: FamilyTraits = familyTraits(family);
  const size = flashSize ?? traits.defaultFlashSize;
  const { warnings, uniform } = await readWarnings(client, { family, flashSize: size }, protection);
  return {
    family,
    protocol,
    downloadEngine: protocol === 'rom' ? 'mask ROM' : 'flash bootloader',
    chipId: reported.chipId,
    bootloader: fingerprint?.name ?? null,
    bootloaderCrc,
    bootVersion: reported.bootVersion,
    identifiedBy: identifiedBy ?? '--chip',
    evidence,
    warnings,
    uniformBootloader: uniform,
    crcEndInclusive: inclusive,
    flashId: flashId ? jedecHex(flashId) : null,
    flashName: part ? `${part.name}${part.vendor ? ` (${part.vendor})` : ''}` : flashId ? 'unknown part' : null,
    flashSize: size,
    flashSizeSource,
    protection,
    baudRate: client.transport.baudRate,
  };
}

/**
 * The JEDEC id, read until two reads agree. When every read fails (an SPI error status, or no reply)
 * but the chip still answers a LinkCheck, the flash is what does not answer: said so, with no step down.
 */
async function readFlashIdOrDiagnose(client: BekenClient): Promise<Uint8Array> {
  let failures = 0;
  let reason = '';
  const read = async () => {
    try {
      return await client.readFlashId();
    } catch (error) {
      if (error instanceof ProtocolError) [failures, reason] = [failures + 1, error.message];
      throw error;
    }
  };
  try {
    return await readAgreed('flash id', read, jedecHex);
  } catch (error) {
    if (failures < AGREEMENT_READS) throw error;
    await client.transport.drain(10, 300);
    if (!(await client.linkCheck(500))) throw error;
    throw new DiagnosedError(flashIdFailedMessage(failures, reason));
  }
}

/**
 * What the chip's own CRC of the bootloader region says before anything is read: a region that hashes
 * like all 0x00 or all 0xFF is read-protected or not responding (a chip running from it cannot be blank).
 */
async function readWarnings(client: BekenClient, target: AddressedTarget['info'], protection: ChipInfo['protection']): Promise<{ warnings: string[]; uniform: 0x00 | 0xff | null }> {
  const warnings: string[] = [];
  let uniform: 0x00 | 0xff | null = null;
  const crc = await readAgreed('CRC of the bootloader region', () => chipRangeCrc({ client, info: target }, 0, BOOTLOADER_END), hexWord);
  for (const byte of [0x00, 0xff] as const) {
    if (crc !== chipCrc(new Uint8Array(BOOTLOADER_END).fill(byte))) continue;
    uniform = byte;
    warnings.push(uniformReadMessage(byte, 'the bootloader region 0x0-0x10FFF'));
  }
  if (protection?.protected) {
    warnings.push(`the flash's protect bits are set (status registers 0x${protection.status.toString(16).toUpperCase().padStart(4, '0')}): reading works, and fwkit clears them before it erases or writes`);
  }
  return { warnings, uniform };
}

/**
 * Clears the protect bits on ROM chips (bootloader chips unprotect on erase themselves). Writes only
 * when needed, waits for WIP, reads back; unknown parts get the common BP0-BP4+CMP mask.
 */
export async function unprotectFlash(client: BekenClient, info: ChipInfo): Promise<boolean> {
  if (info.protocol !== 'rom' || !info.flashId) return false;
  const id = fromHex(info.flashId);
  const part = findFlashPart(id);
  const mask = part?.protectMask ?? DEFAULT_PROTECT_MASK;
  const width = part?.statusWriteBytes ?? 2;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { status } = await readProtection(client, part);
    if ((status & mask) === 0) return attempt > 0;
    const cleared = status & ~mask;
    await client.writeStatusRegister(width === 1 ? [cleared & 0xff] : [cleared & 0xff, (cleared >> 8) & 0xff]);
    for (let poll = 0; poll < 50 && (await client.readStatusRegister(0x05)) & 1; poll++) await sleep(2);
  }
  throw new DiagnosedError(stuckProtectionMessage((await readProtection(client, part)).status));
}

/**
 * Identification at the transfer rate; when the line fails there (replies that never agree, commands
 * that keep timing out), steps down the rates as transfers do and identifies again.
 */
export async function identifyAtWorkingRate(client: BekenClient, expected: BekenFamily | null, say?: (line: string) => void): Promise<ChipInfo> {
  for (;;) {
    try {
      return await identifyChip(client, expected, say);
    } catch (error) {
      const current = client.transport.baudRate;
      const lower = lowerRate(current);
      if (!(error instanceof ProtocolError) || error instanceof DiagnosedError || lower === null) throw error;
      const now = await switchBaud(client, lower);
      say?.(`warning: identification kept failing at ${current} baud (${error.message}); trying again at ${now} baud`);
    }
  }
}
