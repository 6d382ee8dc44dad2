/**
 * Reads one chip reply from a byte stream: hunts for `04 0E`, then takes exactly as many bytes as the
 * length field says. Garbage and torn frames are skipped; the deadline bounds the whole wait.
 */
import { TransportTimeoutError, type Transport } from '../transport.js';
import { CMD_HEADER, FLASH_SELECTOR, LONG_MARK, type Reply } from './frames.js';

/** Largest long reply the chip can send (FlashRead4K: 0x1006), with room to spare. */
const MAX_LONG_LENGTH = 0x1100;

export class ReplyTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly received: number,
  ) {
    super(`no complete reply to ${what} (${received} bytes of it arrived)`);
    this.name = 'ReplyTimeoutError';
  }
}

async function readBefore(transport: Transport, length: number, deadline: number): Promise<Uint8Array> {
  const left = deadline - Date.now();
  if (left <= 0) throw new TransportTimeoutError(length, new Uint8Array(0), 0);
  return transport.read(length, left);
}

function isHeader(bytes: Uint8Array, offset: number): boolean {
  return bytes[offset] === CMD_HEADER[0] && bytes[offset + 1] === CMD_HEADER[1] && bytes[offset + 2] === CMD_HEADER[2];
}

/** Next well-formed reply frame; throws TransportTimeoutError when the deadline passes first. */
export async function readReply(transport: Transport, deadline: number): Promise<Reply> {
  let byte = (await readBefore(transport, 1, deadline))[0];
  for (;;) {
    if (byte !== 0x04) {
      byte = (await readBefore(transport, 1, deadline))[0];
      continue;
    }
    byte = (await readBefore(transport, 1, deadline))[0];
    if (byte !== 0x0e) continue; // a repeated 04 stays a candidate start
    const length = (await readBefore(transport, 1, deadline))[0]!;
    if (length === LONG_MARK) {
      const head = await readBefore(transport, 6, deadline);
      const bodyLength = head[4]! | (head[5]! << 8);
      if (!isHeader(head, 0) || head[3] !== FLASH_SELECTOR || bodyLength < 2 || bodyLength > MAX_LONG_LENGTH) {
        byte = head[5];
        continue;
      }
      const body = await readBefore(transport, bodyLength, deadline);
      return { long: true, code: body[0]!, status: body[1]!, payload: body.subarray(2) };
    }
    if (length < 4) {
      byte = length;
      continue;
    }
    const body = await readBefore(transport, length, deadline);
    if (!isHeader(body, 0)) {
      byte = body[body.length - 1];
      continue;
    }
    return { long: false, code: body[3]!, status: null, payload: body.subarray(4) };
  }
}
