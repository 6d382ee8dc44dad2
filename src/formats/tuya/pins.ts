import { obkRoleNumber, type ObkRoleName } from '../obk/roles.js';
import type { Upk, UpkValue } from './upk.js';

/** One GPIO of the OpenBeken configuration derived from a Tuya key. */
export interface PinAssignment {
  pin: number;
  role: ObkRoleName;
  roleNumber: number;
  /** OpenBeken channel; null for roles that take none. */
  channel: number | null;
  tuyaKey: string;
  /** The Tuya active level that decided the role, when there was one. */
  level?: number;
}

export interface PinMapping {
  pins: PinAssignment[];
  /** OpenBeken startup commands (PWM frequency, LED driver currents and map, TuyaMCU). */
  commands: string[];
  /** Plain sentences worth telling the user. */
  notes: string[];
  /** GPIO-like keys present in the UPK that no rule maps, with their pin. */
  unmapped: Array<{ tuyaKey: string; pin: number }>;
}

type Polarity = 'high' | 'low';

/** The `_lv` key that goes with a pin key: rl1_pin -> rl1_lv, sel_pin_pin -> sel_pin_lv, wfst -> wfst_lv. */
export function levelKey(key: string): string {
  return key.endsWith('_pin') ? `${key.slice(0, -4)}_lv` : `${key}_lv`;
}

function asNumber(value: UpkValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Picks the plain or the inverted role from the Tuya level. `_lv` 1 means active-high, 0 active-low.
 * `plainWhen` says which level the plain OpenBeken role stands for: relays, LEDs and PWM are
 * active-high ("Rel"), buttons and inputs with pull-up are active-low ("Btn").
 */
function byLevel(level: number | undefined, plainWhen: Polarity, fallback: Polarity, plain: ObkRoleName, inverted: ObkRoleName): ObkRoleName {
  const active: Polarity = level === undefined ? fallback : level ? 'high' : 'low';
  return active === plainWhen ? plain : inverted;
}

interface Rule {
  pattern: RegExp;
  /** Returns the role, the channel kind, and an optional note. */
  map(match: RegExpMatchArray, level: number | undefined, upk: Upk): { role: ObkRoleName; channel: 'n' | 'none' | 'input' | number } | null;
}

/** The channel number in a key (rl2_pin -> 2, k3pin_pin -> 3); 1 for the bare single-channel keys. */
const channelOf = (m: RegExpMatchArray) => {
  const digits = m.slice(1).find((g) => g);
  return digits ? Number(digits) : 1;
};

/** Rules in order; the first whose pattern matches a key decides its pin. */
const RULES: Rule[] = [
  { pattern: /^rl(\d*)_pin$|^rl()$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'Rel', 'Rel_n'), channel: 'n' }) },
  { pattern: /^rl_on(\d+)_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'Rel', 'Rel_n'), channel: 'n' }) },
  // The "off" coil of a bistable relay pulses when the channel goes off: the inverted role.
  { pattern: /^rl_off(\d+)_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'Rel_n', 'Rel'), channel: 'n' }) },
  { pattern: /^bt(\d*)_pin$|^bt()$|^k(\d+)pin_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'low', 'low', 'Btn', 'Btn_n'), channel: 'n' }) },
  { pattern: /^total_bt_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'low', 'low', 'Btn_Tgl_All', 'Btn_Tgl_All_n'), channel: 'none' }) },
  { pattern: /^reset_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'low', 'low', 'Btn_ScriptOnly', 'Btn_ScriptOnly_n'), channel: 'none' }) },
  { pattern: /^led(\d+)_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'LED', 'LED_n'), channel: 'n' }) },
  { pattern: /^backlit_io_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'LED', 'LED_n'), channel: 'none' }) },
  // Tuya status LEDs are wired active-low unless the level says otherwise.
  { pattern: /^netled\d*_pin$|^wfst(_pin)?$|^status_led_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'low', 'WifiLED', 'WifiLED_n'), channel: 'none' }) },
  { pattern: /^onoff(\d+)$/, map: () => ({ role: 'TglChanOnTgl', channel: 'n' }) },
  { pattern: /^door\d*_magt_pin$|^basic_pin_pin$|^gate_sensor_pin_pin$|^pirin_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'dInput', 'dInput_n'), channel: 'input' }) },
  { pattern: /^samp_pin$/, map: () => ({ role: 'BAT_ADC', channel: 'input' }) },
  { pattern: /^samp_sw_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'BAT_Relay', 'BAT_Relay_n'), channel: 'none' }) },
  { pattern: /^ele_pin$|^epin$/, map: () => ({ role: 'BL0937CF', channel: 'none' }) },
  { pattern: /^vi_pin$|^ivpin$/, map: () => ({ role: 'BL0937CF1', channel: 'none' }) },
  // OpenBeken's SEL follows the BL0937 (Tuya level 1); an HLW8012 (level 0) selects the other way.
  { pattern: /^sel_pin_pin$|^ivcpin$/, map: (_m, lv) => ({ role: lv === 0 ? 'BL0937SEL_n' : 'BL0937SEL', channel: 'none' }) },
  { pattern: /^r_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'PWM', 'PWM_n'), channel: 0 }) },
  { pattern: /^g_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'PWM', 'PWM_n'), channel: 1 }) },
  { pattern: /^b_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'PWM', 'PWM_n'), channel: 2 }) },
  { pattern: /^c_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'PWM', 'PWM_n'), channel: 3 }) },
  { pattern: /^w_pin$/, map: (_m, lv) => ({ role: byLevel(lv, 'high', 'high', 'PWM', 'PWM_n'), channel: 4 }) },
  { pattern: /^ir$|^infrr$|^irpin$/, map: () => ({ role: 'IRRecv', channel: 'none' }) },
  { pattern: /^infre$/, map: () => ({ role: 'IRSend', channel: 'none' }) },
  { pattern: /^remote_io$/, map: () => ({ role: 'RCRecv', channel: 'none' }) },
  { pattern: /^mosi$/, map: () => ({ role: 'SM16703P_DIN', channel: 'none' }) },
];

/** Keys that hold a GPIO number although their name does not end in _pin. */
const BARE_PIN_KEYS = /^(rl|bt|wfst|ir|infrr|infre|irpin|remote_io|mosi|miso|SCL|CS|mic|micpin|buzzer_io|iicscl|iicsda|onoff\d+)$/;

function looksLikePinKey(key: string): boolean {
  return key.endsWith('_pin') || BARE_PIN_KEYS.test(key);
}

interface LedDriver {
  name: string;
  dat: ObkRoleName;
  clk: ObkRoleName;
  /** The current keys whose presence identifies this driver, and the command that sets the currents. */
  detect: string[];
  current(upk: Upk): string | null;
}

const first = (upk: Upk, keys: string[]) => keys.map((k) => asNumber(upk[k])).find((v) => v !== undefined);

const LED_DRIVERS: LedDriver[] = [
  {
    name: 'SM2135', dat: 'SM2135DAT', clk: 'SM2135CLK', detect: ['ehccur', 'wampere', 'iicccur', 'campere'],
    current: (u) => `SM2135_Current ${first(u, ['ehccur', 'iicccur', 'campere']) ?? 1} ${first(u, ['ehwcur', 'iicwcur', 'wampere']) ?? 1}`,
  },
  {
    name: 'BP5758D', dat: 'BP5758D_DAT', clk: 'BP5758D_CLK', detect: ['dccur', 'drgbcur'],
    current: (u) => `BP5758D_Current ${first(u, ['drgbcur']) ?? 1} ${Math.max(first(u, ['dwcur']) ?? 1, first(u, ['dccur']) ?? 1)}`,
  },
  {
    name: 'BP1658CJ', dat: 'BP1658CJ_DAT', clk: 'BP1658CJ_CLK', detect: ['cjwcur', 'cjccur'],
    current: (u) => `BP1658CJ_Current ${first(u, ['cjccur']) ?? 1} ${first(u, ['cjwcur']) ?? 1}`,
  },
  {
    name: 'SM2235', dat: 'SM2235DAT', clk: 'SM2235CLK', detect: ['2235ccur', '2235wcur'],
    current: (u) => `SM2235_Current ${first(u, ['2235ccur']) ?? 1} ${first(u, ['2235wcur']) ?? 1}`,
  },
  {
    name: 'KP18058', dat: 'KP18058_DAT', clk: 'KP18058_CLK', detect: ['kp58wcur', 'kp58ccur'],
    current: (u) => `KP18058_Current ${first(u, ['kp58wcur']) ?? 1} ${first(u, ['kp58ccur']) ?? 1}`,
  },
];

function mapLedDriver(upk: Upk, out: PinMapping, assign: (pin: number, role: ObkRoleName, channel: number | null, key: string) => void): void {
  const scl = asNumber(upk.iicscl);
  const sda = asNumber(upk.iicsda);
  if (scl === undefined || sda === undefined) return;
  const driver = LED_DRIVERS.find((d) => d.detect.some((k) => k in upk));
  if (!driver) {
    out.notes.push('An I2C LED driver is on iicscl/iicsda, but no current key tells which chip it is; it is left unmapped.');
    out.unmapped.push({ tuyaKey: 'iicscl', pin: scl }, { tuyaKey: 'iicsda', pin: sda });
    return;
  }
  assign(sda, driver.dat, null, 'iicsda');
  assign(scl, driver.clk, null, 'iicscl');
  const current = driver.current(upk);
  if (current) out.commands.push(current);
  // The driver's output index used for each colour, in OpenBeken's R G B C W order.
  const map = ['iicr', 'iicg', 'iicb', 'iicc', 'iicw'].map((k) => asNumber(upk[k]) ?? -1);
  out.commands.push(`LED_Map ${map.join(' ')}`);
  out.notes.push(`LED driver ${driver.name} (detected from its current keys).`);
}

export interface MappingContext {
  /** TuyaMCU baud rate from `baud_cfg` / `uart_adapt_params`, when the storage has one. */
  tuyaMcuBaud?: number;
}

/** Maps a flat `user_param_key` to OpenBeken pin roles and channels, honouring every `_lv` level. */
export function mapUpkToObk(upk: Upk | null, context: MappingContext = {}): PinMapping {
  const out: PinMapping = { pins: [], commands: [], notes: [], unmapped: [] };
  const taken = new Map<number, string>();
  const pendingInputs: PinAssignment[] = [];
  const assign = (pin: number, role: ObkRoleName, channel: number | null, key: string, level?: number): PinAssignment | null => {
    const holder = taken.get(pin);
    if (holder !== undefined) {
      out.notes.push(`GPIO ${pin} is named by both ${holder} and ${key}; ${holder} keeps it.`);
      return null;
    }
    taken.set(pin, key);
    const entry: PinAssignment = { pin, role, roleNumber: obkRoleNumber(role), channel, tuyaKey: key, ...(level !== undefined ? { level } : {}) };
    out.pins.push(entry);
    return entry;
  };
  if (upk) {
    mapLedDriver(upk, out, assign);
    for (const [key, raw] of Object.entries(upk)) {
      if (key === 'iicscl' || key === 'iicsda') continue;
      const pin = asNumber(raw);
      const rule = RULES.find((r) => r.pattern.test(key));
      if (!rule) {
        if (pin !== undefined && looksLikePinKey(key)) out.unmapped.push({ tuyaKey: key, pin });
        continue;
      }
      if (pin === undefined) continue;
      const level = asNumber(upk[levelKey(key)]);
      const mapped = rule.map(key.match(rule.pattern)!, level, upk);
      if (!mapped) continue;
      const match = key.match(rule.pattern)!;
      const channel = mapped.channel === 'n' ? channelOf(match) : typeof mapped.channel === 'number' ? mapped.channel : null;
      const entry = assign(pin, mapped.role, channel, key, level);
      if (entry && mapped.channel === 'input') pendingInputs.push(entry);
    }
    // Sensor inputs get channels after every output channel, so that they never drive a relay.
    let next = Math.max(0, ...out.pins.filter((p) => !pendingInputs.includes(p) && p.channel !== null).map((p) => p.channel!)) + 1;
    for (const input of pendingInputs) input.channel = next++;
    const pwmHz = asNumber(upk.pwmhz);
    if (pwmHz !== undefined && out.pins.some((p) => p.role === 'PWM' || p.role === 'PWM_n')) out.commands.unshift(`PWMFrequency ${pwmHz}`);
    if (asNumber(upk.cwtype) === 1) out.notes.push('cwtype 1: c_pin is brightness and w_pin colour temperature (set OpenBeken\'s alternate CW mode flag).');
    if (upk.max_V !== undefined || upk.min_V !== undefined) out.notes.push(`Battery device: ${upk.min_V ?? '?'}..${upk.max_V ?? '?'} mV on the ADC.`);
    const chip = asNumber(upk.chip_type);
    if (chip === 2 || chip === 3) out.notes.push(`Power meter chip_type ${chip} (${chip === 2 ? 'HLW8032' : 'BL0942'}) talks over the UART: startDriver ${chip === 2 ? 'HLW8032' : 'BL0942'}.`);
    if (upk.netled_reuse === 1) out.notes.push('netled_reuse 1: the Wi-Fi LED shares the relay LED.');
  }
  if (context.tuyaMcuBaud !== undefined) {
    out.commands.push('startDriver TuyaMCU', `tuyaMcu_setBaudRate ${context.tuyaMcuBaud}`);
    out.notes.push(`TuyaMCU device: a separate MCU drives the hardware over UART at ${context.tuyaMcuBaud} baud.`);
  }
  out.pins.sort((a, b) => a.pin - b.pin);
  return out;
}
