import type { ImageKind, InspectReport } from '../report.js';
import { toPhysical } from './blocks.js';
import type { FalTable } from './fal.js';
import { hexWord, isoTime, jsonWord } from './findings.js';
import type { BekenLayout } from './layouts.js';
import type { CrcPartitionCheck } from './partition.js';
import type { BootloaderIdentity } from './bootloader.js';
import { formatKey } from './cipher.js';
import type { RecoveredKey } from './key-recovery.js';

/** How the checks of a flash image read in the human report and the JSON. */

export function restorePlan(layout: BekenLayout, kind: ImageKind): Array<[string, string]> {
  if (kind === 'partial') return [];
  const rest = kind === 'full-dump' ? 'the app and all data' : 'the app';
  const rows: Array<[string, string]> = [['write', `bytes from 0x11000 at flash 0x11000 (${rest})`]];
  rows.push([
    'bootloader',
    layout.bootloaderWritable
      ? 'can be rewritten over UART only with an explicit overwrite-bootloader option (risky)'
      : 'cannot be written over UART on this family; it stays as it is',
  ]);
  return rows;
}

export function blockText(c: CrcPartitionCheck): string {
  if (!c.physPresent) return 'absent';
  return `${c.scan.valid} valid, ${c.scan.erased} erased, ${c.scan.bad} bad of ${c.scan.blocks}`;
}

export function blockJson(c: CrcPartitionCheck): Record<string, number> {
  return { offset: c.physStart, length: c.physLength, present: c.physPresent, valid: c.scan.valid, erased: c.scan.erased, bad: c.scan.bad };
}

export function trailerText(c: CrcPartitionCheck): string {
  const t = c.trailer;
  if (!t) return c.physPresent === c.physLength ? 'missing' : 'absent (partition cut short)';
  const ok = t.crcValid && t.hashValid ? 'checksums ok' : 'CHECKSUM MISMATCH';
  return `${t.header.name} ${t.header.version}, ${t.header.sizeRaw} bytes, ${isoTime(t.header.timestamp)}, ${ok}`;
}

export function trailerJson(c: CrcPartitionCheck): Record<string, unknown> | null {
  const t = c.trailer;
  if (!t) return null;
  return {
    name: t.header.name,
    version: t.header.version,
    timestamp: isoTime(t.header.timestamp),
    sizeRaw: t.header.sizeRaw,
    sizePackage: t.header.sizePackage,
    crc32: jsonWord(t.header.crc32),
    hash: jsonWord(t.header.hash),
    infoCrcValid: t.header.infoCrcValid,
    crcValid: t.crcValid,
    hashValid: t.hashValid,
  };
}

export function partitionRows(fal: FalTable | null, bl: CrcPartitionCheck, app: CrcPartitionCheck, downloadState: string | null): InspectReport['partitions'] {
  if (!fal) return [];
  return fal.partitions.map((p) => {
    const crc = p.device.endsWith('_crc');
    const physOffset = crc ? toPhysical(p.offset) : p.offset;
    const physLength = crc ? toPhysical(p.offset + p.length) - physOffset : p.length;
    const check = p.name === 'bootloader' ? bl : p.name === 'app' ? app : null;
    const state = check ? partitionState(check) : p.name === 'download' ? downloadState : null;
    return { name: p.name, device: p.device, offset: p.offset, length: p.length, physOffset, physLength, state };
  });
}

function partitionState(c: CrcPartitionCheck): string {
  if (c.physPresent < c.physLength) return c.physPresent ? 'truncated' : 'absent';
  if (c.scan.bad) return 'damaged';
  if (!c.scan.valid) return 'erased';
  if (!c.trailer || !c.trailer.crcValid || !c.trailer.hashValid) return 'unverified';
  return 'ok';
}


/**
 * The bootloader's identity in the JSON of a whole image and of a bootloader file alike: version,
 * fingerprint CRCs, then what only one of them knows (`extra`), then the key, CRC blocks and trailer.
 */
export function bootloaderJson(identity: BootloaderIdentity, extra: Record<string, unknown>, key: RecoveredKey | null, check: CrcPartitionCheck | null) {
  return {
    version: identity.version,
    versionSource: identity.versionSource,
    tableName: identity.tableName,
    crc256: jsonWord(identity.crc256),
    crc257: jsonWord(identity.crc257),
    ...extra,
    key: key ? { source: key.source, name: key.name ?? null, words: formatKey(key.key), equivalentOnly: key.equivalentOnly } : null,
    blocks: check ? blockJson(check) : null,
    trailer: check ? trailerJson(check) : null,
  };
}

/** The bootloader's version and fingerprint rows of the human report; `how` notes how the fingerprint was taken. */
export function bootloaderRows(identity: BootloaderIdentity, how = ''): Array<[string, string]> {
  return [
    ['version', identity.version ? `${identity.version} (${identity.versionSource})` : 'not found'],
    ['fingerprint', `${identity.tableName ?? 'unknown build'} (CRC-32 of first 256 bytes ${hexWord(identity.crc256)}, 257 bytes ${hexWord(identity.crc257)}${how})`],
  ];
}
