import { encodeObkConfig, type ObkConfig } from '../../src/formats/obk/config.js';
import { LAYOUTS } from '../../src/formats/beken/layouts.js';
import { encodeTuyaStorage } from '../../src/formats/tuya/encode.js';
import { flashDump, SAMPLE_N } from './beken.js';
import { pseudoBytes } from './prng.js';

/** Made-up secrets of the sample: tests check that redaction removes every one of them. */
export const SAMPLE_SECRETS = {
  tuyaSsid: 'FwkitTuyaNet',
  tuyaPass: 'tuya-sample-pass',
  uuid: 'fwkitsampleuuid0001',
  authKey: 'FwkitSampleAuthKey0123456789abcd',
  obkSsid: 'FwkitObkNet',
  obkPass: 'obk-sample-pass',
  mqttPass: 'mqtt-sample-pass',
  webPass: 'web-sample-pass',
};

/** The factory user_param_key of a 1-gang plug with power metering (levels as real ones carry them). */
export const SAMPLE_UPK =
  '{rl1_pin:26,rl1_lv:1,bt1_pin:10,bt1_lv:0,led1_pin:8,led1_lv:0,netled1_pin:6,netled1_lv:0,ele_pin:7,vi_pin:24,sel_pin_pin:9,sel_pin_lv:1,chip_type:0,jv:1.0.5,module:CB2S,crc:77,}';

export const SAMPLE_OBK_CONFIG: ObkConfig = {
  version: 5,
  crcVariant: 'signed',
  length: 3584,
  genericFlags: 0x400,
  genericFlags2: 0,
  changeCounter: 3,
  otaCounter: 1,
  wifiSsid: SAMPLE_SECRETS.obkSsid,
  wifiPass: SAMPLE_SECRETS.obkPass,
  mqttHost: '192.168.1.2',
  mqttClientId: 'obk_fwkit_plug',
  mqttUserName: 'homeassistant',
  mqttPass: SAMPLE_SECRETS.mqttPass,
  mqttPort: 1883,
  webappRoot: 'https://openbekeniot.github.io/webapp/',
  shortDeviceName: 'obk_fwkit_plug',
  longDeviceName: 'OpenBK7231N fwkit sample plug',
  mqttGroup: 'bekens',
  webPassword: SAMPLE_SECRETS.webPass,
  initCommandLine: 'startDriver BL0937',
  pins: [
    { pin: 6, role: 9, roleName: 'WifiLED_n', channel: 0, channel2: 0 },
    { pin: 7, role: 18, roleName: 'BL0937CF', channel: 0, channel2: 0 },
    { pin: 8, role: 6, roleName: 'LED_n', channel: 1, channel2: 0 },
    { pin: 9, role: 17, roleName: 'BL0937SEL', channel: 0, channel2: 0 },
    { pin: 10, role: 3, roleName: 'Btn', channel: 1, channel2: 0 },
    { pin: 24, role: 19, roleName: 'BL0937CF1', channel: 0, channel2: 0 },
    { pin: 26, role: 1, roleName: 'Rel', channel: 1, channel2: 0 },
  ],
  channelTypes: { 1: 1 },
};

/**
 * A BK7231N plug reflashed with OpenBeken: the stock dump plus a complete Tuya KV storage (with its
 * protected block) left intact at 0x1EE000, and OpenBeken's config at 0x1D1000.
 */
export function openBekenDump(): Uint8Array {
  const flash = flashDump(SAMPLE_N);
  const s = SAMPLE_SECRETS;
  const tuya = encodeTuyaStorage({
    deviceKey: pseudoBytes(16, SAMPLE_N.seed ^ 0x4b4559),
    entries: [
      { name: 'gw_bi', value: JSON.stringify({ uuid: s.uuid, auth_key: s.authKey, psk_key: '', ap_ssid: 'SmartLife', prod_test: false }) },
      { name: 'gw_di', value: JSON.stringify({ swv: SAMPLE_N.appVersion, bv: '40.00', pv: '2.2' }) },
      { name: 'gw_wsm', value: JSON.stringify({ nc_tp: 4, ssid: s.tuyaSsid, passwd: s.tuyaPass, md: 0 }) },
      { name: 'em_sys_env', value: 'bk7231n' },
      { name: 'user_param_key', value: SAMPLE_UPK },
    ],
    protectedKeys: ['gw_bi', 'gw_wsm'],
  });
  flash.set(tuya.bytes, LAYOUTS.BK7231N.tuyaKv - tuya.keyBlockOffset);
  flash.set(encodeObkConfig(SAMPLE_OBK_CONFIG), LAYOUTS.BK7231N.obkConfig);
  return flash;
}

export function obkSamples(): Array<{ file: string; about: string; build: () => Uint8Array }> {
  return [
    {
      file: 'bk7231n-openbeken-dump.bin',
      about: 'BK7231N dump after flashing OpenBeken: its config at 0x1D1000, the Tuya KV storage still at 0x1EE000',
      build: openBekenDump,
    },
  ];
}
