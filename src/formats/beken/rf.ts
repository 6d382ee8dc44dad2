/** RF calibration TLV sector: "TLV\0", u32 payload length, groups of tagged items; MAC item at +0x1C. */
export interface RfCalibration {
  offset: number;
  length: number;
  /** aa:bb:cc:dd:ee:ff when the MAC item (tag 0x11111102, length 6) is at its usual place. */
  mac: string | null;
}

const MAC_ITEM = [0x02, 0x11, 0x11, 0x11, 0x06, 0x00, 0x00, 0x00];

export function readRfCalibration(data: Uint8Array, offset: number): RfCalibration | null {
  if (offset + 0x2a > data.length) return null;
  if (data[offset] !== 0x54 || data[offset + 1] !== 0x4c || data[offset + 2] !== 0x56 || data[offset + 3] !== 0) return null;
  const length = new DataView(data.buffer, data.byteOffset + offset + 4, 4).getUint32(0, true);
  if (length === 0 || length > 0x1000 - 8) return null;
  const hasMac = MAC_ITEM.every((b, i) => data[offset + 0x1c + i] === b);
  const mac = hasMac ? Array.from(data.subarray(offset + 0x24, offset + 0x2a), (b) => b.toString(16).padStart(2, '0')).join(':') : null;
  return { offset, length, mac };
}

/** Sector starts holding a TLV, searched like the GUI flasher does. */
export function findRfCalibrations(data: Uint8Array, from = 0, to = data.length): RfCalibration[] {
  const found: RfCalibration[] = [];
  for (let o = from - (from % 0x1000); o + 8 <= to; o += 0x1000) {
    const rf = readRfCalibration(data, o);
    if (rf) found.push(rf);
  }
  return found;
}
