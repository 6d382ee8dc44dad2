/**
 * What a line says about the firmware: which one it is (Tuya SDK or TuyaOS, OpenBeken, LibreTiny,
 * ESPHome, the Bouffalo SDK), its version, the chip it was built for, whether a Tuya device is paired,
 * and whether it reset its Wi-Fi parameters to factory state.
 */
import { CHIP_NAMES, type ChipName } from './log-ports.js';

export type FirmwareFamily = 'tuya' | 'openbeken' | 'libretiny' | 'esphome' | 'bouffalo-sdk';

export interface FirmwareFacts {
  family?: FirmwareFamily;
  /** The application's own name (a Tuya product firmware such as oem_bk7231n_light_ty). */
  name?: string;
  version?: string;
  /** The SDK under the application, e.g. "TuyaOS 3.3.40", "Tuya IoT SDK 2.3.3", "LibreTiny 1.7.0". */
  sdk?: string;
  /** The chip the firmware was built for. */
  chip?: ChipName;
  /** Tuya: bound to a cloud account (true) or waiting to be paired (false). */
  paired?: boolean;
  /** Tuya: the firmware reset its Wi-Fi link parameters to factory state. */
  wifiFactoryReset?: boolean;
}

export function chipFromName(name: string): ChipName | undefined {
  const lower = name.toLowerCase();
  return (CHIP_NAMES as readonly string[]).includes(lower) ? (lower as ChipName) : undefined;
}

/** A chip named anywhere inside a longer word, e.g. a LibreTiny board "generic-bk7231n-qfn32-tuya". */
function chipInside(text: string): ChipName | undefined {
  const match = /(bk72\d\d[a-z]?|bl6\d\d|bl7\d\d)(?![a-z0-9])/i.exec(text);
  return match ? chipFromName(match[1]!) : undefined;
}

const TUYA_LINE = /\bTUYA [NIDEWT]\]/;
const TUYA_SDK = /<\s*TUYA IOT SDK V:\s*(\d+(?:\.\d+)+)/i;
const TUYAOS = /<\s*TuyaOS V:\s*(\d+(?:\.\d+)+)/i;
const TUYA_BUILD_FOR = /\bFOR\s+\S+\s+AT\s+([a-z0-9]+)\s*>/i;
const TUYA_APP = /\b((?:oem_)?[a-z0-9]+(?:_[a-z0-9]+)*_(?:ty|switch|light|plug|socket|strip|bulb|sensor))\s*:\s*(\d+\.\d+\.\d+)\b/i;
const TUYA_SOC_VERSION = /\bwifi soc init\b.*\bver:\s*(\d+\.\d+\.\d+)/i;
const TUYA_WORK_STATE = /\bgw_wsm\.stat\s*:\s*(\d)/;
const TUYA_BOUND = /\balready bind\b/i;
const TUYA_WIFI_FACTORY = /\breset wifi link params to factory state\b|\benter reset factory\b/i;

const OBK_LINE = /^(?:Info|Debug|Warn|Error|ExtraDebug):(?:MAIN|MQTT|CMD|CFG|HTTP|GEN|PINS|NTP|TuyaMCU|DRV|OTA|HASS|LFS|BL602|BERRY|ENERGY|EVENT|IR|I2C|SPI|RAW|API|TEMP|HT|WIFI|ADC|LED|PWM|SENSOR|TIME|BUTTON|UART)\b/;
/** OpenBeken's platform name (also its default device and access-point name), e.g. OpenBK7231N_1A2B3C4D. */
const OBK_PLATFORM = /\bOpen(BK72\d\d[A-Z]?|BL6\d\d|BL7\d\d)(?![A-Za-z0-9])(?:[ _]?(?:version\s*)?v?(\d+\.\d+\.\d+))?/i;
const OBK_VERSION = /\bOpenBeken\b.{0,20}?\bv?(\d+\.\d+\.\d+)/i;

const LIBRETINY = /\bLibreTiny v(\d+\.\d+\.\d+\S*?),? on ([\w-]+)/i;
const ESPHOME = /\bESPHome version (\S+)/i;
const ESPHOME_TAG = /^\[[DIWECV]\]\[[\w.]+(?::\d+)?\]:/;

const BOUFFALO_BUILD = /\bBuild Version:\s*(\S+)/;

export function firmwareFacts(line: string): FirmwareFacts | undefined {
  const facts: FirmwareFacts = {};
  let match: RegExpExecArray | null;
  if (TUYA_LINE.test(line)) facts.family = 'tuya';
  if ((match = TUYAOS.exec(line))) Object.assign(facts, { family: 'tuya', sdk: `TuyaOS ${match[1]}` });
  else if ((match = TUYA_SDK.exec(line))) Object.assign(facts, { family: 'tuya', sdk: `Tuya IoT SDK ${match[1]}` });
  if ((match = TUYA_BUILD_FOR.exec(line)) && chipFromName(match[1]!)) facts.chip = chipFromName(match[1]!);
  if (facts.family === 'tuya' && (match = TUYA_APP.exec(line))) Object.assign(facts, { name: match[1], version: match[2] });
  if ((match = TUYA_SOC_VERSION.exec(line))) Object.assign(facts, { family: 'tuya', version: match[1] });
  if ((match = TUYA_WORK_STATE.exec(line))) facts.paired = match[1] === '2';
  if (TUYA_BOUND.test(line)) facts.paired = true;
  if (TUYA_WIFI_FACTORY.test(line)) Object.assign(facts, { family: 'tuya', wifiFactoryReset: true, paired: false });

  if (OBK_LINE.test(line)) facts.family = 'openbeken';
  if ((match = OBK_PLATFORM.exec(line))) {
    facts.family = 'openbeken';
    const chip = chipFromName(match[1]!);
    if (chip) facts.chip = chip;
    if (match[2]) facts.version = match[2];
  } else if ((match = OBK_VERSION.exec(line))) Object.assign(facts, { family: 'openbeken', version: match[1] });

  if ((match = LIBRETINY.exec(line))) {
    Object.assign(facts, { family: 'libretiny', sdk: `LibreTiny ${match[1]}` });
    const chip = chipInside(match[2]!);
    if (chip) facts.chip = chip;
  }
  if (ESPHOME_TAG.test(line)) facts.family = 'esphome';
  if ((match = ESPHOME.exec(line))) Object.assign(facts, { family: 'esphome', version: match[1] });
  if ((match = BOUFFALO_BUILD.exec(line))) Object.assign(facts, { sdk: `Bouffalo SDK ${match[1]}` });
  return Object.keys(facts).length ? facts : undefined;
}
