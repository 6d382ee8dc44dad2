import { latin1Of } from '../bytes.js';
import { familyOfChipName, unsupportedChipName } from './chips.js';

/** Which kind of build an app is, from its own strings. */
export type FirmwareKind = 'OpenBeken' | 'Tuya' | 'TuyaOS' | 'LibreTiny' | 'ESPHome' | 'RT-Thread';

/** A chip an app names itself for, and where it says so. */
export interface ChipHint {
  signal: string;
  value: string;
  /** A supported family ("BK7231N"), or an unsupported chip's own name ("BK7236"). */
  chip: string;
  supported: boolean;
}

/** The identity compiled into an app: its name, version, SDK banner and the chip it was built for. */
export interface AppIdentity {
  name: string | null;
  version: string | null;
  sdk: string | null;
  builtAt: string | null;
  firmware: FirmwareKind | null;
  /** True when an OpenBeken version is a custom build tag rather than a release number. */
  customBuild?: boolean;
  chipHints: ChipHint[];
  /** Where the name and version were read: the app's strings, or its partition trailer. */
  source?: 'app strings' | 'RBL trailer' | null;
}

const TUYA_NAME = /^(?:oem_)?(bk72\d\d[a-z]?_[a-z0-9_]+)$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_\-]{2,63}$/;
const VERSION = /^\d+\.\d+\.\d+$/;
const OBK_BANNER = /\0(Open[A-Z][A-Za-z0-9]{3,15}) ([^\s\0%]+) ([A-Z][a-z]{2} [ \d]\d \d{4}) \d\d:\d\d:\d\d\0/;
const OBK_UNDERSCORE = /\0(Open(?:BK|BL|W|LN|XR|ECR|RTL|TR)[A-Za-z0-9]{2,12})_([^\s\0%]+)(?=\0)/g;
const LIBRETINY = /LibreT(?:iny|uya) v([^\s\0]+) on ([^\s,\0]+)/;

export function emptyIdentity(): AppIdentity {
  return { name: null, version: null, sdk: null, builtAt: null, firmware: null, chipHints: [] };
}

/** The packager's default trailer version: it says nothing about the app. */
const PACKAGER_DEFAULT_VERSION = '1.00';

/**
 * The identity of an app partition: its strings when it decrypts, else (and for RT-Thread builds, whose
 * strings carry no name) the name and version its trailer was packed with.
 */
export function appIdentityOf(plain: Uint8Array | null, trailer: { name: string; version: string } | null): AppIdentity {
  const identity = plain ? findAppIdentity(plain) : emptyIdentity();
  if (identity.name || identity.version) return { ...identity, source: 'app strings' };
  if (trailer && trailer.version && trailer.version !== PACKAGER_DEFAULT_VERSION) {
    return { ...identity, name: trailer.name || null, version: trailer.version, source: 'RBL trailer' };
  }
  return { ...identity, source: null };
}

/** Decoded app code (plain, logical bytes) to the firmware's own identity. */
export function findAppIdentity(plain: Uint8Array): AppIdentity {
  const text = latin1Of(plain); // Node's TextDecoder('latin1') is a slow JS path; this one is native there
  const identity = emptyIdentity();
  findOpenBeken(text, identity) || findTuya(text, identity) || findLibreTiny(text, identity) || findRtThread(text, identity);
  findTuyaBanner(text, identity);
  const peripheral = ['camera_intf', 'audio dac', 'audio_codec'].find((s) => text.includes(s));
  if (peripheral) hint(identity, 'camera/audio driver', peripheral, 'BK7252');
  return identity;
}

function hint(identity: AppIdentity, signal: string, value: string, name: string): void {
  const family = familyOfChipName(name);
  const chip = family ?? unsupportedChipName(name);
  if (!chip || identity.chipHints.some((h) => h.signal === signal && h.chip === chip)) return;
  identity.chipHints.push({ signal, value, chip, supported: family !== null });
}

/** OpenBeken prints "OpenBK7231N 1.18.300 Aug  2 2025 10:00:00" and keeps "OpenBK7231N_1.18.300". */
function findOpenBeken(text: string, identity: AppIdentity): boolean {
  const banner = OBK_BANNER.exec(text);
  let found: [string, string] | null = banner ? [banner[1], banner[2]] : null;
  if (!found) {
    for (const m of text.matchAll(OBK_UNDERSCORE)) {
      if (m[2] !== 'App' && /^[0-9A-Za-z]/.test(m[2])) {
        found = [m[1], m[2]];
        break;
      }
    }
  }
  if (!found) return false;
  Object.assign(identity, { name: found[0], version: found[1], firmware: 'OpenBeken', customBuild: !VERSION.test(found[1]) });
  if (banner) identity.builtAt = banner[3].replace(/\s+/g, ' ');
  hint(identity, 'OpenBeken build name', found[0], found[0].replace(/^Open/, ''));
  return true;
}

/**
 * Tuya apps keep their firmware name and version as consecutive strings: "bk7231n\0<name>\0<version>\0mf_init succ",
 * "<name>\0firmName\0<version>\0firmVer", or an "oem_bk72xx_..." name followed by its version.
 */
function findTuya(text: string, identity: AppIdentity): boolean {
  const strings = (end: number, count: number): string[] => text.slice(Math.max(0, end - 400), end).split('\0').slice(-count - 1, -1);
  const take = (name: string, version: string, chip?: string): boolean => {
    const tuyaName = TUYA_NAME.exec(name)?.[1] ?? name;
    if (!IDENTIFIER.test(name) || !VERSION.test(version) || familyOfChipName(tuyaName)) return false;
    Object.assign(identity, { name: tuyaName, version, firmware: 'Tuya' });
    if (chip && familyOfChipName(chip)) hint(identity, 'app chip string', chip, chip);
    const prefix = /^bk72\d\d[a-z]?/.exec(tuyaName)?.[0];
    if (prefix) hint(identity, 'Tuya firmware name', tuyaName, prefix);
    return true;
  };
  for (let at = text.indexOf('\0mf_init succ\0'); at >= 0; at = text.indexOf('\0mf_init succ\0', at + 1)) {
    const [chip, name, version] = strings(at + 1, 3);
    if (take(name, version, chip)) return true;
  }
  for (let at = text.indexOf('\0firmVer\0'); at >= 0; at = text.indexOf('\0firmVer\0', at + 1)) {
    const [name, label, version] = strings(at + 1, 3);
    if (label === 'firmName' && take(name, version)) return true;
  }
  for (const m of text.matchAll(/\0((?:oem_)?bk72\d\d[a-z]?_[a-z0-9_]+)\0([^\0]{0,200})\0([^\0]{0,200})\0/g)) {
    const version = [m[2], m[3]].find((s) => VERSION.test(s));
    if (version && take(m[1], version)) return true;
  }
  return false;
}

/** "< TUYA IOT SDK V:2.3.1 BS:..." (TuyaOS 3.x: "< TuyaOS V:3.11.12 ..."), then "< BUILD AT:... AT bk7231n >". */
function findTuyaBanner(text: string, identity: AppIdentity): void {
  const sdk = /< (TUYA IOT SDK|TuyaOS) V:(\S+)/.exec(text);
  if (sdk) {
    identity.sdk = sdk[2];
    if (identity.firmware === 'Tuya' || identity.firmware === null) identity.firmware = sdk[1] === 'TuyaOS' ? 'TuyaOS' : 'Tuya';
  }
  const build = /< BUILD AT:(\S+)(?: BY \S+ FOR \S+ AT (\S+))?/.exec(text);
  if (build) {
    identity.builtAt ??= build[1];
    if (build[2]) hint(identity, 'Tuya SDK banner', `AT ${build[2]}`, build[2]);
  }
}

/** LibreTiny prints "LibreTiny v1.5.1 on generic-bk7231n-qfn32-tuya"; ESPHome builds on it add their own version. */
function findLibreTiny(text: string, identity: AppIdentity): boolean {
  const lt = LIBRETINY.exec(text);
  if (!lt) return false;
  const chip = /bk72\d\d[a-z]?/i.exec(lt[2])?.[0];
  if (chip) hint(identity, 'LibreTiny board', lt[2], chip);
  const esphome = /ESPHome/.test(text) ? /\0(20\d\d\.\d{1,2}\.\d+[a-z0-9-]*)\0/.exec(text) : null;
  if (esphome) Object.assign(identity, { name: 'ESPHome', version: esphome[1], firmware: 'ESPHome', sdk: `LibreTiny ${lt[1]}` });
  else Object.assign(identity, { name: 'LibreTiny', version: lt[1], firmware: 'LibreTiny' });
  return true;
}

/** RT-Thread apps print their logo with "Thread Operating System"; name and version come from the partition trailer. */
function findRtThread(text: string, identity: AppIdentity): boolean {
  if (!text.includes('Thread Operating System')) return false;
  identity.firmware = 'RT-Thread';
  return true;
}
