import { hex } from '../errors.js';
import { hasMagic, indexOfBytes } from '../bytes.js';
import { decodeAnyBootHeader, flagsOf, isBl616 } from './boot-header.js';
import { bootImageFindings, FIRMWARE_IMAGE_GAP, readBootImage, startsWithBootHeader, type BootImage } from './boot-image.js';
import { findFdtHeader, type FdtHeader } from './fdt.js';
import {
  activeSlot,
  activeTableIndex,
  decodePartitionTable,
  findEntry,
  partitionTableWarnings,
  type DecodedPartitionTable,
  type PartitionEntry,
} from './partition-table.js';

export type BouffaloFamily = 'BL602' | 'BL702' | 'BL616';

/** Where the two partition-table copies live: 0xE000/0xF000 behind an external boot2, 0x1000/0x2000 with BL702's boot2 in ROM. */
const TABLE_PLACES: ReadonlyArray<readonly [number, number]> = [
  [0xe000, 0xf000],
  [0x1000, 0x2000],
];

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

export interface TableCopy {
  offset: number;
  table: DecodedPartitionTable | null;
  /** Why the copy could not be read, when it could not. */
  problem: string | null;
}

export type FirmwareState = 'image' | 'xz-pending' | 'erased' | 'unknown';

export interface FirmwareSlot {
  entry: PartitionEntry;
  slot: 0 | 1;
  offset: number;
  state: FirmwareState;
  image: BootImage | null;
}

/** Everything found in a Bouffalo flash image laid out from offset 0 (a dump or a merged image). */
export interface FlashLayout {
  family: BouffaloFamily;
  boot2: BootImage | null;
  tables: TableCopy[];
  activeTable: number | null;
  table: DecodedPartitionTable | null;
  firmware: FirmwareSlot | null;
  factory: { offset: number; fdt: FdtHeader | null } | null;
  /** The first byte past every partition the table lists. */
  layoutEnd: number | null;
  problems: string[];
  warnings: string[];
}

function readTableCopy(data: Uint8Array, offset: number): TableCopy {
  if (!hasMagic(data, offset, 'BFPT')) return { offset, table: null, problem: `no partition table at ${hex(offset)}` };
  try {
    const table = decodePartitionTable(data, offset);
    const bad = [!table.headerCrcOk && 'header CRC', !table.entriesCrcOk && 'entries CRC'].filter(Boolean);
    return { offset, table, problem: bad.length ? `the partition table at ${hex(offset)} has a bad ${bad.join(' and ')}` : null };
  } catch (error) {
    return { offset, table: null, problem: `the partition table at ${hex(offset)} cannot be read (${(error as Error).message})` };
  }
}

/** The table places to try: those a BL702 header names first, then the usual ones. */
function tablePlaces(boot2: BootImage | null): ReadonlyArray<readonly [number, number]> {
  if (boot2 && flagsOf(boot2.header).boot2Enable) {
    const [first, second] = boot2.header.partitionTableAddresses;
    if (first) return [[first, second], ...TABLE_PLACES];
  }
  return TABLE_PLACES;
}

/** True when a partition table sits at one of its fixed places: the file is laid out like the flash. */
export function hasTableAtKnownPlace(data: Uint8Array): boolean {
  return TABLE_PLACES.some((pair) => pair.some((offset) => hasMagic(data, offset, 'BFPT')));
}

/** A Bouffalo flash layout, even one whose boot header was lost: a boot header at 0 or a table in place. */
export function looksLikeBouffaloFlash(data: Uint8Array): boolean {
  return startsWithBootHeader(data) || hasTableAtKnownPlace(data);
}

function isErased(data: Uint8Array, offset: number, length: number): boolean {
  const end = Math.min(data.length, offset + length);
  for (let i = offset; i < end; i++) if (data[i] !== 0xff) return false;
  return true;
}

function readFirmware(data: Uint8Array, entry: PartitionEntry): FirmwareSlot {
  const slot = activeSlot(entry);
  const offset = entry.address[slot];
  const base = { entry, slot, offset, image: null };
  if (startsWithBootHeader(data, offset)) return { ...base, state: 'image', image: readBootImage(data, offset, offset + FIRMWARE_IMAGE_GAP) };
  if (XZ_MAGIC.every((b, i) => data[offset + i] === b)) return { ...base, state: 'xz-pending' };
  if (offset < data.length && isErased(data, offset, FIRMWARE_IMAGE_GAP)) return { ...base, state: 'erased' };
  return { ...base, state: 'unknown' };
}

/** What lies where a firmware image spills past its slot: the other slot or the next partition. */
function spillTarget(table: DecodedPartitionTable, firmware: FirmwareSlot, slotEnd: number, imageEnd: number): string {
  const other = firmware.entry.address[firmware.slot ^ 1];
  if (other >= slotEnd && other < imageEnd) return `slot ${firmware.slot ^ 1} starts at ${hex(other)}`;
  const next = table.entries.find((e) => e.address[0] >= slotEnd && e.address[0] < imageEnd);
  return next ? `partition ${next.name} starts at ${hex(next.address[0])}` : `the slot ends at ${hex(slotEnd)}`;
}

function firmwareFindings(layout: FlashLayout, data: Uint8Array): void {
  const { table, firmware } = layout;
  if (!table) return;
  if (!firmware) {
    layout.problems.push('the partition table has no FW entry, so boot2 has nothing to boot');
    return;
  }
  const name = `firmware (slot ${firmware.slot})`;
  if (firmware.entry.activeIndex >= 2) layout.warnings.push(`the FW entry asks boot2 to copy slot ${firmware.slot} to the other slot at the next boot`);
  if (firmware.offset >= data.length) {
    layout.problems.push(`the ${name} at ${hex(firmware.offset)} lies past the end of the file`);
    return;
  }
  switch (firmware.state) {
    case 'xz-pending':
      layout.warnings.push(`the ${name} holds an xz-compressed OTA update that boot2 unpacks at the next boot`);
      return;
    case 'erased':
      layout.problems.push(`the ${name} at ${hex(firmware.offset)} is erased: there is no firmware to boot`);
      return;
    case 'unknown':
      layout.problems.push(`the ${name} at ${hex(firmware.offset)} does not start with a boot header ("BFNP")`);
      return;
    case 'image': {
      const image = firmware.image!;
      const findings = bootImageFindings(image, name);
      layout.problems.push(...findings.problems);
      layout.warnings.push(...findings.warnings);
      const slotEnd = firmware.offset + firmware.entry.maxLength[firmware.slot];
      const imageEnd = image.imageOffset + image.header.imageLength;
      if (imageEnd > slotEnd) {
        layout.warnings.push(
          `firmware image length exceeds its partition's max length (ends at ${hex(imageEnd)}, ${spillTarget(table, firmware, slotEnd, imageEnd)})`,
        );
      }
    }
  }
}

/**
 * Looks for the chip name in boot2 and firmware code (SDK builds print it at boot), since BL602 and
 * BL702 headers look alike. Only code is searched: a BL702 factory tree may still say "bl602".
 */
export function familyFromCode(data: Uint8Array, images: Array<BootImage | null | undefined>): BouffaloFamily | null {
  const found = new Set<'BL602' | 'BL702'>();
  for (const image of images) {
    if (!image) continue;
    const start = image.imageOffset;
    const code = data.subarray(start, start + image.header.imageLength);
    for (const family of ['BL602', 'BL702'] as const) {
      if (indexOfBytes(code, family) >= 0 || indexOfBytes(code, family.toLowerCase()) >= 0) found.add(family);
    }
  }
  return found.size === 1 ? [...found][0] : null;
}

function detectFamily(data: Uint8Array, boot2: BootImage | null, firmware: FirmwareSlot | null, tableOffset: number | null): BouffaloFamily {
  if (boot2 && isBl616(boot2.header)) return 'BL616';
  if (boot2 && flagsOf(boot2.header).boot2Enable) return 'BL702';
  if (tableOffset !== null && tableOffset < 0xe000) return 'BL702';
  return familyFromCode(data, [boot2, firmware?.image]) ?? 'BL602';
}

interface Findings {
  problems: string[];
  warnings: string[];
}

/** boot2's header at 0 and the code it names; null (a problem) when the header is missing. */
function readBoot2(data: Uint8Array, findings: Findings): BootImage | null {
  if (!startsWithBootHeader(data)) {
    findings.problems.push('there is no boot header ("BFNP") at offset 0, so the boot ROM cannot start boot2');
    return null;
  }
  // The ROM fetches boot2 from the flash offset its header names; a BL702 whose boot2 lives in ROM
  // keeps only the flash settings and table addresses there.
  const header = decodeAnyBootHeader(data);
  let boot2 = readBootImage(data, 0, header.imageStart);
  if (flagsOf(header).boot2Enable) {
    boot2 = { ...boot2, hash: 'not-applicable' };
    findings.warnings.push('boot2 runs from ROM (BL702 layout with tables at the addresses the header names); fwkit checked this layout only on generated images, not on real dumps');
  }
  const own = bootImageFindings(boot2, 'boot2');
  findings.problems.push(...own.problems);
  findings.warnings.push(...own.warnings);
  return boot2;
}

/** Both table copies at the first place that holds one, and which copy boot2 would use. */
function readTables(data: Uint8Array, boot2: BootImage | null, findings: Findings): { tables: TableCopy[]; activeTable: number | null } {
  const places = tablePlaces(boot2);
  const place = places.find((pair) => pair.some((offset) => hasMagic(data, offset, 'BFPT'))) ?? places[0];
  const tables = place.map((offset) => readTableCopy(data, offset));
  const activeTable = activeTableIndex(tables.map((copy) => copy.table));
  if (activeTable === null) {
    findings.problems.push(`no valid partition table: ${tables.map((copy) => copy.problem).join('; ')}`);
    return { tables, activeTable };
  }
  const [active, other] = [tables[activeTable], tables[activeTable ^ 1]];
  const uses = `boot2 uses the copy at ${hex(active.offset)}`;
  if (other.problem) findings.warnings.push(`${other.problem}; ${uses}`);
  else if (JSON.stringify([other.table!.age, other.table!.entries]) !== JSON.stringify([active.table!.age, active.table!.entries])) {
    findings.warnings.push(`the two partition-table copies differ (ages ${tables[0].table!.age} and ${tables[1].table!.age}, as after an OTA update); ${uses}`);
  }
  return { tables, activeTable };
}

/** The first byte past every partition slot the table lists. */
function tableEnd(table: DecodedPartitionTable): number {
  return Math.max(...table.entries.flatMap((e) => [e.address[0] + e.maxLength[0], e.address[1] ? e.address[1] + e.maxLength[1] : 0]));
}

/**
 * Walks a flash image the way the ROM and boot2 do: boot header at 0, partition tables, the active
 * firmware slot, then the factory parameters. Never throws for damaged content: it reports it.
 */
export function readFlashLayout(data: Uint8Array): FlashLayout {
  const findings: Findings = { problems: [], warnings: [] };
  const boot2 = readBoot2(data, findings);
  const { tables, activeTable } = readTables(data, boot2, findings);
  const table = activeTable === null ? null : tables[activeTable].table;
  const tableOffset = tables[0].offset;
  if (boot2 && table && boot2.hash !== 'not-applicable') {
    const boot2End = boot2.imageOffset + boot2.header.imageLength;
    if (boot2.imageOffset < tableOffset && boot2End > tableOffset) {
      findings.problems.push(`boot2 (${hex(boot2.imageOffset)}..${hex(boot2End)}) runs into the partition table at ${hex(tableOffset)}`);
    }
  }
  const fwEntry = table ? findEntry(table, 'FW') : undefined;
  const factoryEntry = table ? findEntry(table, 'factory') : undefined;
  const firmware = fwEntry ? readFirmware(data, fwEntry) : null;
  const layout: FlashLayout = {
    family: detectFamily(data, boot2, firmware, table ? tableOffset : null),
    boot2,
    tables,
    activeTable,
    table,
    firmware,
    factory: factoryEntry
      ? { offset: factoryEntry.address[0], fdt: findFdtHeader(data, factoryEntry.address[0], factoryEntry.maxLength[0]) }
      : null,
    layoutEnd: table ? tableEnd(table) : null,
    ...findings,
  };
  firmwareFindings(layout, data);
  if (table) layout.warnings.push(...partitionTableWarnings(table, null));
  return layout;
}
