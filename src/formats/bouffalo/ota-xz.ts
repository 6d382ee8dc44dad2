import xzDecompress from 'xz-decompress';
import { FormatError } from '../errors.js';
import { concatBytes } from '../bytes.js';
import { InflateLimitError } from '../inflate-limit.js';
import { LARGEST_FLASH } from '../largest-flash.js';
import { xzDeclaredSize } from '../xz-index.js';
import { decodeOtaHeader, OTA_HEADER_SIZE, otaPayload } from './ota-header.js';

/**
 * Inflates an XZ stream (WebAssembly port of xz-embedded, no native code) a chunk at a time, stopping
 * as soon as the output passes `limit`: the decoder itself compares the blocks with the index only at
 * the end, after it would have produced everything a hostile stream holds.
 */
export async function inflateXzWithin(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const reader = new xzDecompress.XzReadableStream(new Blob([bytes.slice()]).stream()).getReader();
  const chunks: Uint8Array[] = [];
  let produced = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks);
    produced += value.length;
    if (produced > limit) {
      await reader.cancel();
      throw new InflateLimitError(limit, produced);
    }
    chunks.push(value);
  }
}

/**
 * Inflates an XZ stream to the size its index declares, and no further; damage, or more output than
 * declared, is a FormatError at `offset` (where the stream sits in its file).
 */
export async function decompressXz(bytes: Uint8Array, offset = 0): Promise<Uint8Array> {
  const declared = xzDeclaredSize(bytes, offset);
  if (declared > LARGEST_FLASH) throw new FormatError(offset, `the XZ stream's index declares ${declared} bytes, more than the largest flash (${LARGEST_FLASH} bytes) holds`);
  try {
    return await inflateXzWithin(bytes, declared);
  } catch (error) {
    if (error instanceof InflateLimitError) throw new FormatError(offset, `the XZ payload inflates past the ${declared} bytes its index declares; unpacking stopped there`);
    throw new FormatError(offset, `the XZ stream is damaged (${(error as Error).message})`);
  }
}

/** The firmware image an OTA file carries: the RAW payload as is, an XZ payload inflated. Both checked by SHA-256 first. */
export async function otaFirmware(data: Uint8Array): Promise<Uint8Array> {
  const header = decodeOtaHeader(data);
  const { payload, lengthOk, sha256Ok } = otaPayload(data, header);
  if (!lengthOk) throw new FormatError(20, `the OTA header announces a ${header.payloadLength}-byte payload but ${data.length - OTA_HEADER_SIZE} bytes follow it`);
  if (!sha256Ok) throw new FormatError(64, 'the OTA payload does not match the SHA-256 in its header');
  return header.type === 'XZ' ? decompressXz(payload, OTA_HEADER_SIZE) : payload;
}
