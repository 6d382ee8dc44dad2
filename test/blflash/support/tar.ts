/** A tar archive built in the test (ustar headers; GNU 'L' records for names over 100 characters). */
const BLOCK = 512;

function header(name: string, size: number, type: string): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (at: number, text: string) => block.set(new TextEncoder().encode(text), at);
  put(0, name.slice(0, 99));
  put(100, '0000644\0');
  put(108, '0000000\0');
  put(116, '0000000\0');
  put(124, size.toString(8).padStart(11, '0') + '\0');
  put(136, '00000000000\0');
  put(148, '        ');
  put(156, type);
  put(257, 'ustar  \0');
  const sum = block.reduce((total, byte) => total + byte, 0);
  put(148, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  out.set(data);
  return out;
}

export function tarArchive(files: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const { name, data } of files) {
    if (name.length > 99) {
      const longName = new TextEncoder().encode(`${name}\0`);
      parts.push(header('././@LongLink', longName.length, 'L'), padded(longName));
    }
    parts.push(header(name, data.length, '0'), padded(data));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) (out.set(part, at), (at += part.length));
  return out;
}
