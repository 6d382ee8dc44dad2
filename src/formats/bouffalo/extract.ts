import { FormatError, hex } from '../errors.js';
import { hasMagic } from '../bytes.js';
import { startsWithBootHeader, FIRMWARE_IMAGE_GAP } from './boot-image.js';
import { decodeAnyBootHeader } from './boot-header.js';
import { hasTableAtKnownPlace, looksLikeBouffaloFlash, readFlashLayout } from './flash-layout.js';
import { unwrapFirmware } from './firmware-image.js';
import { decodeOtaHeader, isOtaFile, otaPayload } from './ota-header.js';
import { findEntry } from './partition-table.js';

/** What can be taken out of a Bouffalo file: the firmware image (header + code), the bare app, boot2, the table, or any partition by name. */
export type PartSelector = 'firmware' | 'app' | 'boot2' | 'table' | string;

export interface ExtractedPart {
  bytes: Uint8Array;
  /** Where the bytes start in the input file. */
  offset: number;
  /** A short phrase for the user: what was taken, from where. */
  description: string;
}

/** The firmware-partition image (header, filler, image) at `offset`, cut where its image ends. */
function firmwareAt(data: Uint8Array, offset: number, label: string): ExtractedPart {
  const header = decodeAnyBootHeader(data, offset);
  const end = offset + FIRMWARE_IMAGE_GAP + header.imageLength;
  if (end > data.length) throw new FormatError(offset, `the ${label} announces an image ending at ${hex(end)}, past the end of the file`);
  return { bytes: data.subarray(offset, end), offset, description: `${label} at ${hex(offset)}` };
}

function fromStandaloneFirmware(data: Uint8Array, what: PartSelector, offset: number, label: string): ExtractedPart {
  const firmware = firmwareAt(data, offset, label);
  if (what === 'firmware') return firmware;
  if (what === 'app') return { bytes: unwrapFirmware(firmware.bytes), offset: offset + FIRMWARE_IMAGE_GAP, description: `application of the ${label}` };
  throw new FormatError(offset, `a ${label} holds only "firmware" and "app", not "${what}"`);
}

function fromFlash(data: Uint8Array, what: PartSelector, slot: 0 | 1 | undefined): ExtractedPart {
  const layout = readFlashLayout(data);
  if (what === 'boot2') {
    if (!layout.boot2) throw new FormatError(0, 'there is no boot header at offset 0');
    const end = layout.boot2.imageOffset + layout.boot2.header.imageLength;
    return { bytes: data.subarray(0, Math.min(end, data.length)), offset: 0, description: 'boot2 (header and code)' };
  }
  const table = layout.table;
  if (!table) throw new FormatError(layout.tables[0].offset, 'there is no valid partition table');
  const active = layout.tables[layout.activeTable!];
  if (what === 'table') return { bytes: data.subarray(active.offset, active.offset + table.byteLength), offset: active.offset, description: 'the active partition table' };
  const name = what === 'firmware' || what === 'app' ? 'FW' : what;
  const entry = findEntry(table, name);
  if (!entry) throw new FormatError(active.offset, `the partition table has no "${name}" entry (it lists ${table.entries.map((e) => e.name).join(', ')})`);
  const chosen = slot ?? ((entry.activeIndex & 1) as 0 | 1);
  const start = entry.address[chosen];
  if (chosen === 1 && start === 0) throw new FormatError(active.offset, `partition ${name} has no slot 1`);
  if (name === 'FW' && (what === 'firmware' || what === 'app')) {
    if (!startsWithBootHeader(data, start)) throw new FormatError(start, `FW slot ${chosen} holds no firmware image (no "BFNP" header)`);
    return fromStandaloneFirmware(data, what, start, `firmware image of FW slot ${chosen}`);
  }
  const end = start + entry.maxLength[chosen];
  if (end > data.length) throw new FormatError(start, `partition ${name} ends at ${hex(end)}, past the end of the file (${hex(data.length)})`);
  return { bytes: data.subarray(start, end), offset: start, description: `partition ${name}${entry.address[1] ? ` slot ${chosen}` : ''}` };
}

/** Takes one part out of a dump, merged image, firmware image or RAW OTA file. */
export function extractPart(data: Uint8Array, what: PartSelector, slot?: 0 | 1): ExtractedPart {
  if (isOtaFile(data)) {
    const header = decodeOtaHeader(data);
    if (header.type !== 'RAW') throw new FormatError(16, 'this OTA file is xz-compressed; only RAW OTA payloads can be taken apart');
    if (!otaPayload(data, header).sha256Ok) throw new FormatError(64, 'the OTA payload does not match the SHA-256 in its header');
    return fromStandaloneFirmware(data, what, 512, 'OTA firmware image');
  }
  if (hasMagic(data, 0, 'BFNP') && !hasTableAtKnownPlace(data)) return fromStandaloneFirmware(data, what, 0, 'firmware image');
  if (!looksLikeBouffaloFlash(data)) throw new FormatError(0, 'no Bouffalo dump, image or OTA file was recognised here');
  return fromFlash(data, what, slot);
}
