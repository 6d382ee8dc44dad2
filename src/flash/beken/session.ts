/**
 * Getting a Beken chip ready: the link dance (modem-line reset pulses, reboot text, repeated
 * LinkChecks), identification (ROM or bootloader protocol, family, flash id, size, protection),
 * the baud switch with check and fallback, and flash unprotect.
 */
import { fromHex } from '../../formats/bytes.js';
import type { Transport } from '../transport.js';
import { BekenClient, NoReplyError, ProtocolError, sleep } from './client.js';
import { chipCrc } from './crc.js';
import {
  BK7231N_EFUSE_KEY,
  BOOTLOADER_END,
  BOOTLOADER_FINGERPRINTS,
  CHIP_ID_REGISTER,
  familiesWithChipId,
  familyTraits,
  type BekenFamily,
  type FamilyTraits,
  type ProtocolKind,
} from './families.js';
import { DEFAULT_PROTECT_MASK, findFlashPart, flashSizeFromId, jedecHex, type FlashPart } from './flash-parts.js';

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
  bootVersion: string | null;
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
}

export const RESET_PROMPT =
  'No answer yet: reset the device now (pull CEN to GND briefly) or power-cycle it, keeping the adapter connected; fwkit keeps trying.';

/** LinkCheck until the chip answers, with modem-line reset pulses and `reboot` text for running firmware. */
export async function linkChip(client: BekenClient, options: ConnectOptions = {}): Promise<void> {
  const { timeoutMs = 20_000, promptAfterMs = 3000 } = options;
  const transport = client.transport;
  const started = Date.now();
  let prompted = false;
  let modemLines = true;
  for (let attempt = 0; Date.now() - started < timeoutMs; attempt++) {
    if (attempt % 100 === 0 && modemLines) modemLines = await pulseReset(transport);
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
    `no Beken chip answered on ${transport.path} within ${Math.round(timeoutMs / 1000)} s: check the wiring (adapter TX to chip RX1/P10, RX to TX1/P11, common GND), then reset or power-cycle the device while fwkit is trying (a Bouffalo BL602/BL702 module needs --chip bl602, bl702 or bl)`,
  );
}

/** DTR+RTS pulse for adapters wired to CEN; false when the port has no modem lines (pseudo-terminals). */
async function pulseReset(transport: Transport): Promise<boolean> {
  if (!(await transport.setSignals({ dtr: true, rts: true }))) return false;
  await sleep(50);
  await transport.setSignals({ dtr: false });
  await sleep(50);
  await transport.setSignals({ rts: false });
  return true;
}

/** Switches to `baudRate`; on failure returns to 115200 and re-links. Returns the rate in use. */
export async function switchBaud(client: BekenClient, baudRate: number, onWarning?: (message: string) => void): Promise<number> {
  if (baudRate === client.transport.baudRate) return baudRate;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await client.setBaudRate(baudRate);
      await client.transport.drain(5, 100);
      return baudRate;
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      // The chip may be at either rate now: probe both.
      for (const rate of [baudRate, 115200]) {
        await client.transport.setBaudRate(rate);
        await client.transport.drain(10, 200);
        if (await client.linkCheck(200)) {
          if (rate === baudRate) return baudRate;
          break;
        }
      }
    }
  }
  await client.transport.setBaudRate(115200);
  onWarning?.(`the switch to ${baudRate} baud failed twice; continuing at 115200 baud (try a lower --baud or another adapter)`);
  if (!(await client.linkCheck(500))) throw new NoReplyError('LinkCheck after the failed baud switch');
  return 115200;
}

/** CheckCRC(0x11000, 0x11100) against 256 and 257 bytes read from there decides the end rule. */
async function detectCrcRule(client: BekenClient): Promise<boolean> {
  const sector = await client.read4k(BOOTLOADER_END);
  client.crcEndInclusive = false; // send the end address as is
  const raw = await client.checkCrc(BOOTLOADER_END, BOOTLOADER_END + 0x100);
  await client.relink(); // harmless on ROM chips, needed after a CRC on bootloader chips
  if (raw === chipCrc(sector.subarray(0, 0x101))) return true;
  if (raw === chipCrc(sector.subarray(0, 0x100))) return false;
  throw new ProtocolError('the chip CRC of 0x11000-0x11100 matches neither CRC end rule; this is not a supported Beken download protocol');
}

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

/** Flash size on chips without GetMID: the flash repeats every `size` bytes. */
async function probeFlashSize(client: BekenClient): Promise<number | null> {
  const base = await client.read4k(BOOTLOADER_END);
  for (let size = 0x80000; size <= 0x1000000; size *= 2) {
    const mirror = await client.read4k(BOOTLOADER_END + size);
    if (mirror.every((b, i) => b === base[i])) return size;
  }
  return null;
}

export async function readProtection(client: BekenClient, part: FlashPart | null): Promise<{ status: number; protected: boolean }> {
  const reads = part?.statusReads ?? [0x05, 0x35];
  let status = 0;
  for (const [index, opcode] of reads.slice(0, 2).entries()) status |= (await client.readStatusRegister(opcode)) << (8 * index);
  status &= ~0x03; // WIP and WEL are not protection
  return { status, protected: (status & (part?.protectMask ?? DEFAULT_PROTECT_MASK)) !== 0 };
}

/**
 * Identifies the chip. `expected` (from --chip) must agree with what the chip reports; when the chip
 * cannot tell (unknown bootloader), the user's choice is taken if its protocol matches.
 */
export async function identifyChip(client: BekenClient, expected: BekenFamily | null): Promise<ChipInfo> {
  const inclusive = await detectCrcRule(client);
  const protocol: ProtocolKind = inclusive ? 'rom' : 'bootloader';
  // Fingerprints are taken with the end address 0x100 as sent (257 bytes on ROM chips).
  const fingerprint = BOOTLOADER_FINGERPRINTS.get(((await client.checkCrc(0, 0x100)) ^ 0xffffffff) >>> 0) ?? null;
  await client.relink();
  client.crcEndInclusive = inclusive;
  client.relinkAfterCrc = !inclusive;
  let family: BekenFamily | null = null;
  let chipId: number | null = null;
  let bootVersion: string | null = null;
  if (protocol === 'rom') {
    chipId = await client.readRegister(CHIP_ID_REGISTER);
    const candidates = familiesWithChipId(chipId);
    if (candidates.includes('BK7231N')) {
      const key = await readEfuseKey(client);
      family = key.every((b, i) => b === BK7231N_EFUSE_KEY[i]) ? 'BK7231N' : key.every((b) => b === 0) ? 'BK7231M' : 'BK7231N';
    } else family = candidates[0] ?? null;
  } else {
    bootVersion = await client.readBootVersion();
    family = fingerprint?.family ?? (bootVersion?.startsWith('BK7231S') ? 'BK7231T' : null);
  }
  if (family && familyTraits(family).protocol !== protocol) family = null;
  if (expected && family && expected !== family) {
    throw new WrongChipError(`the chip reports itself as ${family}, not ${expected} as --chip says; check the device or pass --chip auto`);
  }
  if (expected && familyTraits(expected).protocol !== protocol) {
    throw new WrongChipError(`the chip speaks the ${protocol === 'rom' ? 'mask-ROM' : 'bootloader'} protocol, which a ${expected} does not; check --chip`);
  }
  family ??= expected;
  if (!family) {
    const what = protocol === 'rom' ? `chip id 0x${chipId!.toString(16)}` : 'an unknown bootloader';
    throw new WrongChipError(`the chip has ${what} that fwkit cannot name; pass --chip with the family printed on the module`);
  }
  const traits: FamilyTraits = familyTraits(family);

  let flashId: Uint8Array | null = null;
  let part: FlashPart | null = null;
  let flashSize: number | null = null;
  let flashSizeSource: ChipInfo['flashSizeSource'] = 'default';
  let protection: ChipInfo['protection'] = null;
  if (protocol === 'rom') {
    flashId = await client.readFlashId();
    part = findFlashPart(flashId);
    flashSize = flashSizeFromId(flashId);
    if (flashSize === null) {
      throw new ProtocolError(`the flash answers id ${jedecHex(flashId)}, i.e. it is not responding; power-cycle the device (on some boards hold P24 low during reset)`);
    }
    flashSizeSource = 'jedec';
    protection = await readProtection(client, part);
  } else {
    flashSize = await probeFlashSize(client);
    if (flashSize) flashSizeSource = 'probe';
  }
  return {
    family,
    protocol,
    downloadEngine: protocol === 'rom' ? 'mask ROM' : 'flash bootloader',
    chipId,
    bootloader: fingerprint?.name ?? null,
    bootVersion,
    crcEndInclusive: inclusive,
    flashId: flashId ? jedecHex(flashId) : null,
    flashName: part ? `${part.name}${part.vendor ? ` (${part.vendor})` : ''}` : flashId ? 'unknown part' : null,
    flashSize: flashSize ?? traits.defaultFlashSize,
    flashSizeSource,
    protection,
    baudRate: client.transport.baudRate,
  };
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
  throw new ProtocolError('the flash stays write-protected after 5 status-register writes; power-cycle the device and try again');
}
