import { indexOfBytes, latin1Of } from '../bytes.js';

/**
 * Finds a plaintext `user_param_key` anywhere in the raw bytes: lighting firmware keeps one in the
 * Tuya file area, and an app image may hold a default one. The text is `{...}` with `module:` or
 * `Jsonver:` inside and `crc:<n>,}` at its end.
 */
export interface PlaintextUpk {
  offset: number;
  text: string;
}

const MARKERS = ['Jsonver:', ',module:', '{module:', 'jv:'];
const MAX_UPK = 4096;

function isText(b: number): boolean {
  return b >= 0x20 && b < 0x7f;
}

export function findPlaintextUpk(data: Uint8Array): PlaintextUpk | null {
  for (const marker of MARKERS) {
    let at = indexOfBytes(data, marker);
    while (at >= 0) {
      let start = at;
      while (start > 0 && at - start < MAX_UPK && isText(data[start - 1]) && data[start] !== 0x7b) start--;
      let end = at;
      while (end < data.length && end - start < MAX_UPK && isText(data[end]) && data[end] !== 0x7d) end++;
      if (data[start] === 0x7b && data[end] === 0x7d) {
        const text = latin1Of(data, start, end + 1);
        if (/crc:\d+,?\}$/.test(text)) return { offset: start, text };
      }
      at = indexOfBytes(data, marker, at + 1);
    }
  }
  return null;
}
