/**
 * SPI NOR flash parts the Beken modules carry: JEDEC id (as GetMID returns it) -> part, status
 * registers and the bits that must read 0 when the flash is unprotected. Facts from the protocol notes
 * (docs of the public flashers' part lists).
 */

export interface FlashPart {
  /** Six hex digits: manufacturer, memory type, capacity code. */
  jedec: string;
  name: string;
  vendor: string;
  /** SPI opcodes that read the status registers, low byte first (05, then 35 or 15). */
  statusReads: number[];
  /** How many bytes the WRSR (opcode 01) carries: 1 or 2. */
  statusWriteBytes: 1 | 2;
  /** Bits of (SR2 << 8 | SR1) that must be 0 for the whole array to be writable. */
  protectMask: number;
}

// jedec, name, vendor, status reads, write bytes, protect mask
const PARTS: Array<[string, string, string, string, 1 | 2, number]> = [
  ['C44010', 'GT25Q05D', 'GT', '05 35', 2, 0x407C],
  ['C44011', 'GT25Q10D', 'GT', '05 35', 2, 0x407C],
  ['854412', 'PY25D22U', 'PY', '05', 1, 0x007C],
  ['854512', 'PY25D24U', 'PY', '05', 1, 0x007C],
  ['B36012', 'UC25HQ20', 'UC', '05 35', 2, 0x407C],
  ['C44012', 'GT25Q20D', 'GT', '05 35', 2, 0x407C],
  ['EB6012', 'TH25D20HA', 'TH', '05 35', 2, 0x407C],
  ['1C3113', 'PN25F04B', 'xtx', '05', 1, 0x003C],
  ['514013', 'GD25D40', 'GD', '05', 1, 0x001C],
  ['856013', 'P25Q40', 'Puya', '05 35', 2, 0x407C],
  ['B36013', 'UC25HQ40', 'UC', '05 35', 2, 0x407C],
  ['C22313', 'MX25V4035F', 'MXIC', '05 35', 2, 0x407C],
  ['C44013', 'GT25Q40D', 'GT', '05 35', 2, 0x407C],
  ['C84013', 'GD25Q41B', 'GD', '05', 1, 0x401C],
  ['C86413', 'GD25Q41BT', 'GD', '05', 1, 0x401C],
  ['C86513', 'GD25Q41B', 'GD', '05 35', 2, 0x407C],
  ['CD6013', 'TH25D40HB', 'TH', '05 35', 2, 0x407C],
  ['CD7113', 'TH25D40UC', 'TH', '05 35', 2, 0x407C],
  ['E04013', 'PN25Q40A', 'BY', '05', 1, 0x401C],
  ['0B4014', 'XT25F08F', 'XTX', '05 35', 2, 0x407C],
  ['514014', 'GD25D80', 'GD', '05', 1, 0x001C],
  ['5E4014', 'PN25F08B', 'xtx', '05', 1, 0x003C],
  ['856014', 'P25Q80', 'Puya', '05 35', 2, 0x407C],
  ['C22014', 'MX25V80066', 'MXIC', '05', 1, 0x007C],
  ['C22314', 'MX25V8035F', 'WH', '05 15', 2, 0x103C],
  ['C84014', 'GD25D80', 'GD', '05 35', 2, 0x407C],
  ['C86414', 'GD25WD80E', 'GD', '05', 1, 0x407C],
  ['C86514', 'GD25WQ80E', 'GD', '05 35', 2, 0x407C],
  ['CD6014', 'TH25Q80HB', 'TH', '05 35', 2, 0x407C],
  ['E04014', 'PN25Q80A', 'BY', '05', 1, 0x401C],
  ['0B4015', 'XT25F16B', 'xtx', '05 35', 2, 0x407C],
  ['1C7015', 'EN25QH16B', 'ESMT', '05', 1, 0x003C],
  ['4B4015', 'XT25F16B_1', 'XTX', '05 35', 2, 0x407C],
  ['852015', 'P25Q16HBK', 'Puya', '05 35', 2, 0x407C],
  ['854215', 'P25Q16HB', 'Puya', '05', 1, 0x407C],
  ['856015', 'P25Q16SU', 'Puya', '05 35', 2, 0x407C],
  ['C22315', 'MX25V1635F', 'WH', '05 15', 2, 0x103C],
  ['C46015', 'GT25Q16B', 'GT', '05 35 15', 2, 0x407C],
  ['C84015', 'GD25Q16B', 'GD', '05 35', 2, 0x407C],
  ['C86515', 'GD25WQ16E', 'GD', '05 35', 2, 0x407C],
  ['CD7115', 'TH25Q16UC', 'TH', '05 35', 2, 0x407C],
  ['EB6015', 'TH25Q16HB', 'TH', '05 35', 2, 0x407C],
  ['0B4016', 'XT25F32B', 'xtx', '05 35', 2, 0x407C],
  ['0E4016', '(unnamed 4 MiB part)', '', '05 35', 2, 0x407C],
  ['1C4116', 'EN25QE32A', 'ESMT', '05 35', 2, 0x407C],
  ['1C6116', 'EN25QW32A', 'ESMT', '05 35', 2, 0x407C],
  ['1C7016', '(unnamed 4 MiB part)', '', '05', 1, 0x407C],
  ['204016', 'XM25QH32D', 'XM', '05 35', 2, 0x407C],
  ['852016', 'P25Q32HB', 'Puya', '05 35', 2, 0x407C],
  ['856016', 'P25Q32H', 'Puya', '05 35', 2, 0x407C],
  ['856516', 'PY25Q32LB', 'PY', '05 35', 2, 0x407C],
  ['C84016', 'GD25Q32E', 'GD', '05 35', 2, 0x407C],
  ['C86516', 'GD25WQ32E', 'GD', '05 35', 2, 0x407C],
  ['CD6016', 'TH25Q32UB', 'TH', '05 35', 2, 0x407C],
  ['EF4016', '(unnamed 4 MiB part)', '', '05 35', 2, 0x407C],
  ['0B4017', 'XT25F64B', 'xtx', '05 35', 2, 0x407C],
  ['0B6017', 'XT25Q64B', 'xtx', '05 35', 2, 0x407C],
  ['204017', 'XM25QH64D', 'XM', '05 35', 2, 0x407C],
  ['852017', 'PY25Q64HA', 'PY', '05 35', 2, 0x407C],
  ['856017', 'P25Q64H', 'Puya', '05 35', 2, 0x407C],
  ['C84017', 'GD25Q64C', 'GD', '05 35', 2, 0x407C],
  ['C86517', 'GD25WQ64E', 'GD', '05 35', 2, 0x407C],
  ['CD6017', 'TH25Q64HB', 'TH', '05 35', 2, 0x407C],
  ['EB6017', 'TH25Q64HA', 'TH', '05 35', 2, 0x407C],
  ['0B4018', 'XT25F128F', 'xtx', '05 35 15', 2, 0x407C],
  ['0B6018', 'XT25Q128B', 'xtx', '05 35 15', 2, 0x407C],
  ['204018', 'XM25QH128D', 'XM', '05 35', 2, 0x407C],
  ['204118', 'XM25QU128C', 'XMC', '05 35', 2, 0x407C],
  ['5E5018', 'ZB25LQ128C', 'Zbit', '05 35', 2, 0x407C],
  ['684018', 'BY25Q128ES', 'BY', '05 35', 2, 0x7C7C],
  ['686018', 'BY25Q128EL', 'BY', '05 35', 2, 0x407C],
  ['852018', 'P25Q128HA', 'Puya', '05 35', 2, 0x407C],
  ['856518', 'PY25Q128LA', 'PY', '05 35', 2, 0x407C],
  ['A16018', 'FM25LQ128I', 'FM', '05 35', 2, 0x407C],
  ['C44018', 'GT25Q128EZ', 'GT', '05 35', 2, 0x407C],
  ['C84018', 'GD25Q128C', 'GD', '05 35', 2, 0x407C],
  ['C86018', 'GD25LQ128E', 'GD', '05 35', 2, 0x407C],
  ['C86518', 'GD25WQ128E', 'GD', '05 35', 2, 0x407C],
  ['EF4018', 'WB25Q128JV', 'WB', '05 35', 2, 0x407C],
  ['EF6018', 'WB25Q128JW_IQ', 'WB', '05 35', 2, 0x407C],
  ['EF8018', 'WB25Q128JW_IM', 'WB', '05 35', 2, 0x407C],
  ['204019', 'XM25QH256D', 'XM', '05 35', 2, 0x407C],
  ['C84019', 'GD25Q256C', 'GD', '05 35', 2, 0x407C],
  ['C86019', 'GD25LQ256E', 'GD', '05 35', 2, 0x407C],
  ['C86819', 'GD25LX256E', 'GD', '05', 1, 0x407C],
  ['C8471A', 'GD25Q512C', 'GD', '05 35', 2, 0x407C],
  ['014B42', 'BK', 'BK', '05 35', 2, 0x0000],
];

const byJedec = new Map<string, FlashPart>(
  PARTS.map(([jedec, name, vendor, reads, statusWriteBytes, protectMask]) => [
    jedec,
    { jedec, name, vendor, statusReads: reads.split(' ').map((op) => parseInt(op, 16)), statusWriteBytes, protectMask },
  ]),
);

export function jedecHex(id: Uint8Array): string {
  return Array.from(id, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

/** The known part for a JEDEC id, or null. */
export function findFlashPart(id: Uint8Array): FlashPart | null {
  return byJedec.get(jedecHex(id)) ?? null;
}

/** Flash size from the capacity code; null when the id says the flash is not answering. */
export function flashSizeFromId(id: Uint8Array): number | null {
  const capacity = id[2] ?? 0;
  const silent = id.every((b) => b === 0x00) || id.every((b) => b === 0xff);
  if (silent || capacity < 0x10 || capacity > 0x1a) return null;
  return 1 << capacity;
}

/** The default when a part is unknown: clear BP0-BP4 and CMP, as the common 2-byte parts need. */
export const DEFAULT_PROTECT_MASK = 0x407c;
