/**
 * CRC-16/CMS: poly 0x8005, init 0xFFFF, MSB first, no final xor. The `crc` package has no
 * non-reflected 0x8005 variant, so this one table-driven routine is written here.
 */
export const CRC16_CMS_TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
    table[n] = crc;
  }
  return table;
}

/**
 * CRC-16/CMS of data[start, end), a byte per step. (A 64 Ki-entry table for two bytes per step
 * costs more to build than it saves on the few KiB a run checks byte by byte: most of a partition is
 * erased and counted without a CRC, see blocks.ts.)
 */
export function crc16Cms(data: Uint8Array, start = 0, end = data.length): number {
  const table = CRC16_CMS_TABLE;
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ table[(crc >> 8) ^ data[i]];
  return crc;
}
