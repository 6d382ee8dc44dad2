/**
 * CRC-16/CMS: poly 0x8005, init 0xFFFF, MSB first, no final xor. The `crc` package has no
 * non-reflected 0x8005 variant, so this one table-driven routine is written here.
 */
const TABLE = buildTable();
/** Two bytes per step: a 16-bit register fed 16 bits depends only on (register xor input). */
let pairTable: Uint16Array | null = null;

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
    table[n] = crc;
  }
  return table;
}

function buildPairTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let x = 0; x < 0x10000; x++) {
    const once = ((x << 8) & 0xffff) ^ TABLE[x >> 8];
    table[x] = ((once << 8) & 0xffff) ^ TABLE[once >> 8];
  }
  return table;
}

/** CRC-16/CMS of data[start, end). */
export function crc16Cms(data: Uint8Array, start = 0, end = data.length): number {
  const pairs = (pairTable ??= buildPairTable());
  let crc = 0xffff;
  let i = start;
  for (; i + 1 < end; i += 2) crc = pairs[crc ^ ((data[i] << 8) | data[i + 1])];
  if (i < end) crc = ((crc << 8) & 0xffff) ^ TABLE[(crc >> 8) ^ data[i]];
  return crc;
}
