/**
 * Naming a Beken chip from the bytes of its bootloader region (0x0-0x10FFF) when neither the chip id
 * nor the bootloader's CRC fingerprint names it: the same decoders `inspect` uses (CRC blocks, the
 * flash key, the version string, the FAL partition table) weighed by the formats layer.
 */
import { identifyBootloader } from '../../formats/beken/bootloader.js';
import { findFalTable } from '../../formats/beken/fal.js';
import { decideFamily } from '../../formats/beken/family.js';
import { recoverKey } from '../../formats/beken/key-recovery.js';
import { BOOTLOADER_PHYS_SIZE } from '../../formats/beken/layouts.js';
import { checkCrcPartition, codeLength, decryptCode } from '../../formats/beken/partition.js';
import { parseFamily, type BekenFamily } from './families.js';

export interface ContentIdentity {
  /** The family the bytes point to, or null when they cannot tell. */
  family: BekenFamily | null;
  /** CRC-32 of the first 256 bytes (the fingerprint bootloader chips answer to CheckCRC(0, 0x100)). */
  crc256: number;
  /** CRC-32 of the first 257 bytes (what ROM chips answer). */
  crc257: number;
  /** Each signal and the families it fits, for the user. */
  evidence: Array<[string, string]>;
  /** The region reads as one repeated byte (0x00 or 0xFF): a protected, dead or erased flash, not a bootloader. */
  uniform: number | null;
}

function uniformByte(region: Uint8Array): number | null {
  const first = region[0];
  if (first === undefined || (first !== 0x00 && first !== 0xff)) return null;
  return region.every((b) => b === first) ? first : null;
}

/** Identifies the family from the bootloader region's bytes (at least the first 0x11000 bytes of flash). */
export function identifyByContent(region: Uint8Array): ContentIdentity {
  const crc = identifyBootloader(region, null, null);
  const uniform = uniformByte(region.subarray(0, BOOTLOADER_PHYS_SIZE));
  if (uniform !== null) return { family: null, crc256: crc.crc256, crc257: crc.crc257, evidence: [], uniform };
  const bootloader = checkCrcPartition(region, 0, BOOTLOADER_PHYS_SIZE, 0);
  const key = recoverKey(bootloader.body.subarray(0, codeLength(bootloader)));
  const plain = key ? decryptCode(bootloader, key.key) : null;
  const identity = identifyBootloader(region, plain, bootloader.trailer?.header ?? null);
  const fal = findFalTable(bootloader.body, bootloader.trailer?.header.sizeRaw);
  const decision = decideFamily({ identity, fal, key });
  const evidence = decision.evidence.map((e) => [e.signal, `${e.value} → ${e.fits.join('/')}`] as [string, string]);
  if (key && !evidence.some(([label]) => label === 'flash key')) evidence.push(['flash key', `${key.name ?? 'recovered'} (${key.source})`]);
  const family = decision.disagreements.length || !decision.family ? null : parseFamily(decision.family);
  return { family, crc256: identity.crc256, crc257: identity.crc257, evidence, uniform: null };
}
