import type { InspectReport } from '../report.js';
import { addCrc } from './blocks.js';
import { bekenReport } from './base-report.js';
import { identifyBootloader } from './bootloader.js';
import { cryptWords, TUYA_KEY } from './cipher.js';
import { findFalTable, type FalTable } from './fal.js';
import { decideFamily, evidenceJson, evidenceRows } from './family.js';
import { matchFingerprint } from './fingerprints.js';
import { Findings, hexAddr } from './findings.js';
import { reportUndecided } from './flash-image.js';
import { blockText, bootloaderJson, bootloaderRows, trailerText } from './flash-report.js';
import type { RecoveredKey } from './key-recovery.js';
import { BOOTLOADER_PHYS_SIZE } from './layouts.js';
import { badBlockSummary, checkBootloaderPartition, codeLength } from './partition.js';

const N_MARKER: [number, number] = [0x100, 0x108];

/**
 * A bootloader partition alone: CRC-framed as flash holds it (0x0-0x10FFF), or raw as the SDK ships it
 * (to be framed by the packager), plain, zero-key or encrypted with a known key.
 */
export function inspectBootloaderFile(data: Uint8Array, framed: boolean, key: RecoveredKey): InspectReport {
  const f = new Findings();
  const check = framed ? checkBootloaderPartition(data) : null;
  const stored = check ? check.body : data;
  const codeEnd = check ? codeLength(check) : data.length;
  const fal = findFalTable(stored, check?.trailer?.header.sizeRaw);
  const plain = withIslands(cryptWords(stored.subarray(0, codeEnd & ~3), 0, key.key), stored, fal);
  // The fingerprint covers flash as stored: the file itself when framed, else the packager's framing of it.
  const flashForm = framed ? data : addCrc(data.subarray(0, 0x200));
  const identity = identifyBootloader(flashForm, plain, check?.trailer?.header ?? null);
  const tuyaForm = !framed && key.source === 'plaintext' && !identity.fingerprint ? tuyaEncryptedFingerprint(data, fal) : null;
  if (tuyaForm) Object.assign(identity, { fingerprint: tuyaForm, tableName: tuyaForm.name, familyFromFingerprint: tuyaForm.family });
  const decision = decideFamily({ identity, fal, key });
  for (const w of decision.disagreements) f.warn(w);
  reportUndecided(f, decision);

  if (!framed) {
    f.problem('the file is a raw bootloader without CRC framing: flash holds it as 34-byte CRC blocks, so it cannot be written as it is (the SDK packager frames it into a QIO)');
  } else if (check) {
    if (check.scan.bad) f.problem(`the bootloader fails its CRC in ${badBlockSummary(check.scan)}: it is damaged`);
    if (check.physPresent < check.physLength) f.warn(`the file holds ${check.scan.blocks} CRC blocks, not the whole 0x11000-byte bootloader partition, so it carries no trailer to check it as a whole`);
    else if (!check.trailer) f.warn('the bootloader has no RBL trailer at its partition end (0x10F9A): it cannot be checked as a whole');
    else if (!check.trailer.crcValid || !check.trailer.hashValid) f.problem('the bootloader trailer checksum (CRC-32/FNV-1a) does not match its content: the bootloader is damaged');
  }
  if (!identity.version) f.warn('no bootloader version string was found in the bootloader');
  f.warn('a bootloader is written at 0x0 only where the chip allows it (BK7231N/M, BK7238, BK7252N) and only with --overwrite-bootloader; a BK7231T/U or BK7252 keeps its own');

  const encryption = key.source === 'plaintext' ? 'plaintext (zero key)' : `${key.name ?? 'recovered'} key`;
  f.section('Bootloader', [
    ['form', framed ? 'CRC-framed (as in flash)' : 'raw (no CRC framing)'],
    ...bootloaderRows(identity, tuyaForm ? ', once encrypted with the Tuya key' : ''),
    ['encryption', encryption],
    ['partition table', fal ? fal.partitions.map((p) => `${p.name} ${hexAddr(p.offset)}+${hexAddr(p.length)}`).join(', ') : 'not found'],
    ['CRC blocks', check ? blockText(check) : null],
    ['trailer', check ? trailerText(check) : null],
  ]);
  f.section('Family evidence', evidenceRows(decision));
  return bekenReport(data.length, 'bootloader', f, {
    family: decision.family,
    bootloader: bootloaderJson(identity, { framed, encryption }, key, check),
    partitions: fal ? fal.partitions.map((p) => ({ name: p.name, device: p.device, offset: p.offset, length: p.length })) : [],
    familyEvidence: evidenceJson(decision),
  });
}

/** The FAL table and N marker stay unencrypted in flash: put the stored bytes back over the decryption. */
function withIslands(plain: Uint8Array, stored: Uint8Array, fal: FalTable | null): Uint8Array {
  if (fal) plain.set(stored.subarray(fal.offset, Math.min(plain.length, fal.offset + fal.partitions.length * 64)), fal.offset);
  return plain;
}

/** A plaintext SDK bootloader as a Tuya chip holds it: encrypted with the Tuya key, FAL table and N marker left plain. */
function tuyaEncryptedFingerprint(raw: Uint8Array, fal: FalTable | null) {
  const start = raw.subarray(0, 0x200);
  const enc = cryptWords(start, 0, TUYA_KEY);
  if (new TextDecoder('latin1').decode(start.subarray(N_MARKER[0], N_MARKER[1])).startsWith('BK72')) enc.set(start.subarray(N_MARKER[0], N_MARKER[1]), N_MARKER[0]);
  if (fal && fal.offset < 0x200) enc.set(start.subarray(fal.offset), fal.offset);
  return matchFingerprint(addCrc(enc));
}
