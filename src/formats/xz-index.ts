import { FormatError } from './errors.js';

/**
 * The uncompressed size an .xz file declares: the sum of the Uncompressed Size fields of the Index of
 * each stream, read from the end (Stream Footer -> Backward Size -> Index), as the .xz file format
 * (tukaani.org/xz/xz-file-format.txt, sections 2.1.2 and 4) lays them out. The decoder checks the
 * blocks against the index only when it reaches the end; this is the size to stop at before that.
 * Offsets in complaints count from `base` (where the stream sits in its file).
 */
export function xzDeclaredSize(data: Uint8Array, base = 0): number {
  const at = (offset: number) => base + offset;
  let end = data.length;
  let total = 0;
  for (let streams = 0; ; streams++) {
    while (end >= 4 && data[end - 1] === 0 && data[end - 2] === 0 && data[end - 3] === 0 && data[end - 4] === 0) end -= 4; // stream padding
    if (end === 0 && streams > 0) return total;
    const footer = end - 12;
    if (footer < 12 || data[footer + 10] !== 0x59 || data[footer + 11] !== 0x5a) throw new FormatError(at(Math.max(0, footer)), 'the XZ stream does not end with a stream footer ("YZ")');
    const indexSize = (u32le(data, footer + 4) + 1) * 4;
    const index = footer - indexSize;
    if (index < 12 || data[index] !== 0) throw new FormatError(at(footer + 4), `the XZ stream footer points to an index ${indexSize} bytes back, where there is none`);
    const read = varints(data, index + 1, footer, base);
    const records = read.next();
    let blocks = 0;
    for (let i = 0; i < records; i++) {
      const unpadded = read.next();
      total += read.next();
      blocks += Math.ceil(unpadded / 4) * 4;
    }
    const start = index - blocks - 12;
    if (start < 0 || data[start] !== 0xfd || data[start + 1] !== 0x37 || data[start + 5] !== 0) {
      throw new FormatError(at(index), 'the XZ index describes blocks that do not fit after a stream header');
    }
    end = start;
  }
}

function u32le(data: Uint8Array, offset: number): number {
  return (data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24)) >>> 0;
}

/** XZ multibyte integers (7 bits a byte, low first, at most 9 bytes) from `offset`, not past `end`. */
function varints(data: Uint8Array, offset: number, end: number, base: number): { next(): number } {
  let pos = offset;
  return {
    next(): number {
      let value = 0;
      for (let i = 0; i < 9; i++) {
        if (pos >= end) break;
        const byte = data[pos++];
        value += (byte & 0x7f) * 2 ** (7 * i);
        if ((byte & 0x80) === 0) return value;
      }
      throw new FormatError(base + pos, 'the XZ index holds a number that runs past its end');
    },
  };
}
