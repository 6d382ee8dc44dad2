/**
 * OpenBeken's Tiny_CRC8: LSB-first, polynomial 0x8C, init 0. Beken builds keep the register in a
 * signed char, so the right shift copies bit 7 ("signed" variant); other platforms use plain CRC-8/MAXIM.
 */
export function tinyCrc8(data: Uint8Array, signed: boolean): number {
  let crc = 0;
  for (let i = 0; i < data.length; i++) {
    let byte = data[i];
    for (let bit = 0; bit < 8; bit++) {
      const mix = (crc ^ byte) & 1;
      crc = signed ? (crc >> 1) | (crc & 0x80) : crc >> 1;
      if (mix) crc ^= 0x8c;
      byte >>= 1;
    }
  }
  return crc & 0xff;
}
