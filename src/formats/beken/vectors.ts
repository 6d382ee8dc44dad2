/** An ARM vector table: a branch (`ea`) then seven `ldr pc, [pc, #0x14]` (14 f0 9f e5). */
export function isArmVectorTable(plain: Uint8Array, offset = 0): boolean {
  if (plain.length < offset + 32 || plain[offset + 3] !== 0xea) return false;
  for (let w = 1; w < 8; w++) {
    const o = offset + 4 * w;
    if (plain[o] !== 0x14 || plain[o + 1] !== 0xf0 || plain[o + 2] !== 0x9f || plain[o + 3] !== 0xe5) return false;
  }
  return true;
}
