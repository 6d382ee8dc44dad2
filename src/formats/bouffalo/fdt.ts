/** The flattened device tree in the factory partition: board, RF and crystal parameters of one device. */
const FDT_MAGIC = 0xd00dfeed;
const FDT_HEADER_SIZE = 40;

export interface FdtHeader {
  totalSize: number;
  version: number;
}

/** The FDT header at `offset` (big-endian), or null when there is none or its size is implausible. */
export function findFdtHeader(data: Uint8Array, offset: number, maxSize: number): FdtHeader | null {
  if (offset + FDT_HEADER_SIZE > data.length) return null;
  const v = new DataView(data.buffer, data.byteOffset + offset, FDT_HEADER_SIZE);
  if (v.getUint32(0) !== FDT_MAGIC) return null;
  const totalSize = v.getUint32(4);
  if (totalSize < FDT_HEADER_SIZE || totalSize > maxSize) return null;
  return { totalSize, version: v.getUint32(20) };
}
