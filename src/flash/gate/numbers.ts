import { GateRefused, hex } from './refusal.js';

export const SECTOR = 0x1000;

/**
 * The gate trusts no number it is handed: an address or length must be a whole number, inside the
 * chip's flash and, where asked, on a sector boundary. A bad one is a usage error (exit 2).
 */
export function checkAddress(name: string, value: number, flashSize: number, { align = SECTOR, allowEnd = false } = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new GateRefused(`${name} ${String(value)} is not a whole non-negative number`, 'usage');
  }
  if (value > flashSize || (value === flashSize && !allowEnd)) {
    throw new GateRefused(`${name} ${hex(value)} lies past the end of the ${flashSize / 1048576} MiB flash`, 'usage');
  }
  if (align > 1 && value % align) throw new GateRefused(`${name} ${hex(value)} is not a multiple of ${hex(align)} (the flash erases whole sectors)`, 'usage');
  return value;
}

/** A range [offset, offset + length) that lies wholly inside the flash, both ends on sector boundaries. */
export function checkRange(offset: number, length: number, flashSize: number): void {
  checkAddress('--offset', offset, flashSize);
  if (typeof length !== 'number' || !Number.isInteger(length) || length <= 0) {
    throw new GateRefused(`--length ${String(length)} is not a whole positive number`, 'usage');
  }
  if (length % SECTOR) throw new GateRefused(`--length ${hex(length)} is not a multiple of ${hex(SECTOR)} (the flash erases whole sectors)`, 'usage');
  if (offset + length > flashSize) {
    throw new GateRefused(`${hex(offset)}+${hex(length)} ends at ${hex(offset + length)}, past the end of the ${flashSize / 1048576} MiB flash`, 'usage');
  }
}

export function padToSectors(data: Uint8Array): Uint8Array {
  const length = Math.ceil(data.length / SECTOR) * SECTOR;
  if (length === data.length) return data;
  const padded = new Uint8Array(length).fill(0xff);
  padded.set(data);
  return padded;
}
