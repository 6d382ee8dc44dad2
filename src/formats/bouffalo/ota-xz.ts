import xzDecompress from 'xz-decompress';
import { FormatError } from '../errors.js';
import { decodeOtaHeader, OTA_HEADER_SIZE, otaPayload } from './ota-header.js';

/** Inflates an XZ stream (WebAssembly liblzma port, no native code); damage is a FormatError. */
export async function decompressXz(bytes: Uint8Array, offset = 0): Promise<Uint8Array> {
  try {
    const stream = new xzDecompress.XzReadableStream(new Blob([bytes.slice()]).stream());
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
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
