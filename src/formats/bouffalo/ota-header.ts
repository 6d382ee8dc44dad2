import { FormatError } from '../errors.js';
import { bytesEqual, hasMagic, readCString, sha256Of, view, writeCString } from '../bytes.js';

/** The 512-byte header of bl_iot_sdk OTA files (FW_OTA.bin.ota, FW_OTA.bin.xz.ota). */
export const OTA_HEADER_SIZE = 512;
export const OTA_MAGIC = 'BL60X_OTA_Ver1.0';

export type OtaPayloadType = 'RAW' | 'XZ';

export interface OtaHeader {
  /** RAW: a firmware partition image (boot header + image); XZ: the same, xz-compressed. */
  type: OtaPayloadType;
  payloadLength: number;
  /** Eight bytes of unknown purpose at offset 24 (01 02 ... 08 in SDK output), kept as stored. */
  reserved: Uint8Array;
  hardwareVersion: string;
  softwareVersion: string;
  payloadSha256: Uint8Array;
}

const TYPE_FIELDS: Record<OtaPayloadType, string> = { RAW: 'RAW ', XZ: 'XZ  ' };

export function isOtaFile(data: Uint8Array): boolean {
  return hasMagic(data, 0, OTA_MAGIC);
}

export function decodeOtaHeader(data: Uint8Array): OtaHeader {
  if (!isOtaFile(data)) throw new FormatError(0, `expected the OTA magic "${OTA_MAGIC}"`);
  if (data.length < OTA_HEADER_SIZE) throw new FormatError(0, `an OTA header is ${OTA_HEADER_SIZE} bytes but the file has only ${data.length}`);
  const typeField = readCString(data, 16, 4);
  const type = (Object.keys(TYPE_FIELDS) as OtaPayloadType[]).find((t) => TYPE_FIELDS[t] === typeField);
  if (!type) throw new FormatError(16, `unknown OTA payload type "${typeField}" (expected "RAW" or "XZ")`);
  return {
    type,
    payloadLength: view(data).getUint32(20, true),
    reserved: data.slice(24, 32),
    hardwareVersion: readCString(data, 32, 16),
    softwareVersion: readCString(data, 48, 16),
    payloadSha256: data.slice(64, 96),
  };
}

export function encodeOtaHeader(header: OtaHeader): Uint8Array {
  const bytes = new Uint8Array(OTA_HEADER_SIZE).fill(0xff);
  writeCString(bytes, 0, 16, OTA_MAGIC, 'OTA magic');
  writeCString(bytes, 16, 4, TYPE_FIELDS[header.type], 'OTA type');
  view(bytes).setUint32(20, header.payloadLength, true);
  bytes.set(header.reserved, 24);
  writeCString(bytes, 32, 16, header.hardwareVersion, 'hardware version');
  writeCString(bytes, 48, 16, header.softwareVersion, 'software version');
  bytes.set(header.payloadSha256, 64);
  return bytes;
}

/** The payload that follows the header, and whether its length and SHA-256 agree with the header. */
export function otaPayload(data: Uint8Array, header: OtaHeader): { payload: Uint8Array; lengthOk: boolean; sha256Ok: boolean } {
  const payload = data.subarray(OTA_HEADER_SIZE, OTA_HEADER_SIZE + header.payloadLength);
  const lengthOk = data.length - OTA_HEADER_SIZE === header.payloadLength;
  return { payload, lengthOk, sha256Ok: lengthOk && bytesEqual(sha256Of(payload), header.payloadSha256) };
}

/** What the SDK's OTA tool writes into the 8 bytes of unknown purpose at offset 24. */
export const SDK_OTA_RESERVED = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

/** A RAW OTA file: the 512-byte header, then the firmware-partition image unchanged. */
export function buildRawOta(firmware: Uint8Array, versions: { hardwareVersion: string; softwareVersion: string }): Uint8Array {
  const header = encodeOtaHeader({
    type: 'RAW',
    payloadLength: firmware.length,
    reserved: SDK_OTA_RESERVED,
    ...versions,
    payloadSha256: sha256Of(firmware),
  });
  const out = new Uint8Array(OTA_HEADER_SIZE + firmware.length);
  out.set(header);
  out.set(firmware, OTA_HEADER_SIZE);
  return out;
}
