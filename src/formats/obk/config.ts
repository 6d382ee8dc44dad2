import { fromHex, latin1Bytes, latin1Of, toHex } from '../bytes.js';
import { FormatError } from '../errors.js';
import { tinyCrc8 } from './crc8.js';
import { checkObkConfig, obkConfigLength, type Crc8Variant } from './locate.js';
import { obkRoleName } from './roles.js';

/**
 * OpenBeken's `mainConfig_t` (versions 1..5), laid out as on BK7231T/N, BL602, LN882H and the other
 * "default group" platforms (32 pins). Up to 0x5E0 all versions share one layout; versions 4 and 5
 * grow the startup command line and add a second Wi-Fi and a web password after it.
 */
type FieldKind = 'string' | 'u8' | 'u16' | 'u32' | 'i32' | 'hex' | 'ipv4';

interface FieldSpec {
  name: keyof ObkScalarFields;
  offset: number;
  size: number;
  kind: FieldKind;
  /** First config version that has the field. */
  since?: number;
}

export interface ObkScalarFields {
  genericFlags: number;
  genericFlags2: number;
  changeCounter: number;
  otaCounter: number;
  wifiSsid: string;
  wifiPass: string;
  mqttHost: string;
  mqttClientId: string;
  mqttUserName: string;
  mqttPass: string;
  mqttPort: number;
  webappRoot: string;
  mac: string;
  shortDeviceName: string;
  longDeviceName: string;
  dgrSendFlags: number;
  dgrRecvFlags: number;
  dgrName: string;
  ntpServer: string;
  buttonShortPress: number;
  buttonLongPress: number;
  buttonHoldRepeat: number;
  staticIp: string;
  netmask: string;
  gateway: string;
  dns: string;
  mqttGroup: string;
  pingInterval: number;
  pingSeconds: number;
  pingHost: string;
  initCommandLine: string;
  wifiSsid2: string;
  wifiPass2: string;
  webPassword: string;
  mqttUseTls: number;
  disableWebServer: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'genericFlags', offset: 0x008, size: 4, kind: 'u32' },
  { name: 'genericFlags2', offset: 0x00c, size: 4, kind: 'u32' },
  { name: 'changeCounter', offset: 0x010, size: 2, kind: 'u16' },
  { name: 'otaCounter', offset: 0x012, size: 2, kind: 'u16' },
  { name: 'wifiSsid', offset: 0x014, size: 64, kind: 'string' },
  { name: 'wifiPass', offset: 0x054, size: 64, kind: 'string' },
  { name: 'mqttHost', offset: 0x094, size: 256, kind: 'string' },
  { name: 'mqttClientId', offset: 0x194, size: 64, kind: 'string' },
  { name: 'mqttUserName', offset: 0x1d4, size: 64, kind: 'string' },
  { name: 'mqttPass', offset: 0x214, size: 128, kind: 'string' },
  { name: 'mqttPort', offset: 0x294, size: 4, kind: 'i32' },
  { name: 'webappRoot', offset: 0x298, size: 64, kind: 'string' },
  { name: 'mac', offset: 0x2d8, size: 6, kind: 'hex' },
  { name: 'shortDeviceName', offset: 0x2de, size: 32, kind: 'string' },
  { name: 'longDeviceName', offset: 0x2fe, size: 64, kind: 'string' },
  { name: 'dgrSendFlags', offset: 0x460, size: 4, kind: 'i32' },
  { name: 'dgrRecvFlags', offset: 0x464, size: 4, kind: 'i32' },
  { name: 'dgrName', offset: 0x468, size: 16, kind: 'string' },
  { name: 'ntpServer', offset: 0x478, size: 32, kind: 'string' },
  { name: 'buttonShortPress', offset: 0x4b8, size: 1, kind: 'u8' },
  { name: 'buttonLongPress', offset: 0x4b9, size: 1, kind: 'u8' },
  { name: 'buttonHoldRepeat', offset: 0x4ba, size: 1, kind: 'u8' },
  { name: 'staticIp', offset: 0x527, size: 4, kind: 'ipv4' },
  { name: 'netmask', offset: 0x52b, size: 4, kind: 'ipv4' },
  { name: 'gateway', offset: 0x52f, size: 4, kind: 'ipv4' },
  { name: 'dns', offset: 0x533, size: 4, kind: 'ipv4' },
  { name: 'mqttGroup', offset: 0x554, size: 64, kind: 'string' },
  { name: 'pingInterval', offset: 0x598, size: 4, kind: 'i32' },
  { name: 'pingSeconds', offset: 0x59c, size: 4, kind: 'i32' },
  { name: 'pingHost', offset: 0x5a0, size: 64, kind: 'string' },
  { name: 'initCommandLine', offset: 0x5e0, size: 1568, kind: 'string' },
  { name: 'wifiSsid2', offset: 0xc00, size: 64, kind: 'string', since: 4 },
  { name: 'wifiPass2', offset: 0xc40, size: 68, kind: 'string', since: 4 },
  { name: 'webPassword', offset: 0xc84, size: 33, kind: 'string', since: 5 },
  { name: 'mqttUseTls', offset: 0xca5, size: 1, kind: 'u8', since: 4 },
  { name: 'disableWebServer', offset: 0xcbb, size: 1, kind: 'u8', since: 4 },
];

/** Command line size before version 4 (the whole struct was 2016 bytes then). */
const V3_COMMAND_LINE = 512;
const PIN_COUNT = 32;
const ROLES = 0x33e;
const CHANNELS = 0x35e;
const CHANNELS2 = 0x37e;
const CHANNEL_TYPES = 0x39e;
const CHANNEL_COUNT = 64;

/** Fields that hold passwords: redacted in output unless asked, blanked by `redact`. */
export const OBK_SECRET_FIELDS = ['wifiPass', 'wifiPass2', 'mqttPass', 'webPassword'] as const;
/** Wi-Fi network names: shown, but blanked by `redact`. */
export const OBK_SSID_FIELDS = ['wifiSsid', 'wifiSsid2'] as const;

export interface ObkPin {
  pin: number;
  role: number;
  roleName: string;
  channel: number;
  channel2: number;
}

export interface ObkConfig extends Partial<ObkScalarFields> {
  version: number;
  crcVariant: Crc8Variant;
  /** Bytes the config covers (2016 or 3584). */
  length: number;
  pins: ObkPin[];
  /** Channel types (ChType_* numbers) of channels that have one. */
  channelTypes: Record<number, number>;
}

function fieldSize(field: FieldSpec, version: number): number {
  return field.name === 'initCommandLine' && version <= 3 ? V3_COMMAND_LINE : field.size;
}

function present(field: FieldSpec, version: number): boolean {
  return version >= (field.since ?? 1) && field.offset + fieldSize(field, version) <= obkConfigLength(version);
}

function readString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return latin1Of(bytes, 0, end < 0 ? bytes.length : end);
}

function readField(cfg: Uint8Array, field: FieldSpec, version: number): string | number {
  const bytes = cfg.subarray(field.offset, field.offset + fieldSize(field, version));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (field.kind) {
    case 'string':
      return readString(bytes);
    case 'u8':
      return bytes[0];
    case 'u16':
      return view.getUint16(0, true);
    case 'u32':
      return view.getUint32(0, true);
    case 'i32':
      return view.getInt32(0, true);
    case 'hex':
      return toHex(bytes);
    case 'ipv4':
      return Array.from(bytes).join('.');
  }
}

/** Decodes a config at `offset` of `data`; throws FormatError when it is not a valid one. */
export function decodeObkConfig(data: Uint8Array, offset = 0): ObkConfig {
  const location = checkObkConfig(data, offset);
  if (!location) throw new FormatError(offset, 'no valid OpenBeken config here (ident "CFG", version 1..100 and CRC-8 expected)');
  const { version, length, crcVariant } = location;
  const cfg = data.subarray(offset, offset + length);
  const config: ObkConfig = { version, crcVariant, length, pins: [], channelTypes: {} };
  const scalars = config as unknown as Record<string, string | number>;
  for (const field of FIELDS) if (present(field, version)) scalars[field.name] = readField(cfg, field, version);
  for (let pin = 0; pin < PIN_COUNT; pin++) {
    const role = cfg[ROLES + pin];
    if (role) config.pins.push({ pin, role, roleName: obkRoleName(role), channel: cfg[CHANNELS + pin], channel2: cfg[CHANNELS2 + pin] });
  }
  for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (cfg[CHANNEL_TYPES + ch]) config.channelTypes[ch] = cfg[CHANNEL_TYPES + ch];
  return config;
}

function writeField(cfg: Uint8Array, field: FieldSpec, version: number, value: string | number): void {
  const size = fieldSize(field, version);
  const bytes = cfg.subarray(field.offset, field.offset + size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (field.kind) {
    case 'string': {
      const text = latin1Bytes(String(value));
      if (text.length > size) throw new RangeError(`OpenBeken ${field.name} holds at most ${size} bytes, got ${text.length}`);
      bytes.fill(0);
      bytes.set(text);
      return;
    }
    case 'u8':
      bytes[0] = Number(value);
      return;
    case 'u16':
      view.setUint16(0, Number(value), true);
      return;
    case 'u32':
      view.setUint32(0, Number(value) >>> 0, true);
      return;
    case 'i32':
      view.setInt32(0, Number(value), true);
      return;
    case 'hex':
      bytes.set(fromHex(String(value).padEnd(size * 2, '0')).subarray(0, size));
      return;
    case 'ipv4':
      bytes.set(String(value).split('.').map(Number).slice(0, 4));
      return;
  }
}

/** Recomputes the CRC-8 byte of the config at `offset` (covering version .. end) in place. */
export function sealObkConfig(cfg: Uint8Array, crcVariant: Crc8Variant): void {
  const version = new DataView(cfg.buffer, cfg.byteOffset + 4, 4).getInt32(0, true);
  cfg[3] = tinyCrc8(cfg.subarray(4, obkConfigLength(version)), crcVariant === 'signed');
}

/**
 * Encodes a config. Fields absent from `config` keep the bytes of `base` (a previously read config),
 * or zero; so decode then encode with the original as base gives the original bytes back.
 */
export function encodeObkConfig(config: ObkConfig, base?: Uint8Array): Uint8Array {
  const length = obkConfigLength(config.version);
  const cfg = new Uint8Array(length);
  if (base) cfg.set(base.subarray(0, length));
  cfg.set([0x43, 0x46, 0x47], 0);
  new DataView(cfg.buffer).setInt32(4, config.version, true);
  const scalars = config as unknown as Record<string, string | number | undefined>;
  for (const field of FIELDS) {
    const value = scalars[field.name];
    if (value !== undefined && present(field, config.version)) writeField(cfg, field, config.version, value);
  }
  cfg.fill(0, ROLES, ROLES + 3 * PIN_COUNT);
  for (const p of config.pins) {
    if (p.pin < 0 || p.pin >= PIN_COUNT) throw new RangeError(`OpenBeken pin ${p.pin} is outside 0..${PIN_COUNT - 1}`);
    cfg[ROLES + p.pin] = p.role;
    cfg[CHANNELS + p.pin] = p.channel;
    cfg[CHANNELS2 + p.pin] = p.channel2;
  }
  cfg.fill(0, CHANNEL_TYPES, CHANNEL_TYPES + CHANNEL_COUNT);
  for (const [ch, type] of Object.entries(config.channelTypes)) cfg[CHANNEL_TYPES + Number(ch)] = type;
  sealObkConfig(cfg, config.crcVariant);
  return cfg;
}

/** Where a field lies, for the redactor (offset from the config start and size, by version). */
export function obkFieldSpan(name: keyof ObkScalarFields, version: number): { offset: number; size: number } | null {
  const field = FIELDS.find((f) => f.name === name);
  return field && present(field, version) ? { offset: field.offset, size: fieldSize(field, version) } : null;
}
