import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapUpkToObk } from '../../src/formats/tuya/pins.js';
import type { Upk } from '../../src/formats/tuya/upk.js';

type Row = [family: string, upk: Upk, expected: Array<[pin: number, role: string, channel: number | null]>];

// One row per key family; each family both at its usual level and inverted.
const ROWS: Row[] = [
  ['relay, active-high', { rl1_pin: 26, rl1_lv: 1 }, [[26, 'Rel', 1]]],
  ['relay, active-low', { rl2_pin: 8, rl2_lv: 0 }, [[8, 'Rel_n', 2]]],
  ['bare relay key', { rl: 6 }, [[6, 'Rel', 1]]],
  ['bistable relay coils', { rl_on1_pin: 6, rl_off1_pin: 7 }, [[6, 'Rel', 1], [7, 'Rel_n', 1]]],
  ['button, active-low', { bt1_pin: 10, bt1_lv: 0 }, [[10, 'Btn', 1]]],
  ['button, active-high', { bt2_pin: 16, bt2_lv: 1 }, [[16, 'Btn_n', 2]]],
  ['single button', { bt_pin: 20 }, [[20, 'Btn', 1]]],
  ['key button', { k3pin_pin: 9 }, [[9, 'Btn', 3]]],
  ['toggle-all button', { total_bt_pin: 7 }, [[7, 'Btn_Tgl_All', null]]],
  ['toggle-all button, active-high', { total_bt_pin: 7, total_bt_lv: 1 }, [[7, 'Btn_Tgl_All_n', null]]],
  ['channel LED, active-low', { led1_pin: 11, led1_lv: 0 }, [[11, 'LED_n', 1]]],
  ['channel LED, active-high', { led1_pin: 8, led1_lv: 1 }, [[8, 'LED', 1]]],
  ['Wi-Fi LED, no level (Tuya default active-low)', { netled_pin: 22 }, [[22, 'WifiLED_n', null]]],
  ['Wi-Fi LED, active-high', { netled1_pin: 26, netled1_lv: 1 }, [[26, 'WifiLED', null]]],
  ['wfst status LED', { wfst: 5, wfst_lv: 0 }, [[5, 'WifiLED_n', null]]],
  ['sensor status LED', { status_led_pin: 26, status_led_lv: 1 }, [[26, 'WifiLED', null]]],
  ['PWM RGBCW', { r_pin: 7, g_pin: 6, b_pin: 8, c_pin: 26, w_pin: 24, r_lv: 1 }, [[6, 'PWM', 1], [7, 'PWM', 0], [8, 'PWM', 2], [24, 'PWM', 4], [26, 'PWM', 3]]],
  ['PWM inverted', { c_pin: 26, c_lv: 0, w_pin: 24, w_lv: 1 }, [[24, 'PWM', 4], [26, 'PWM_n', 3]]],
  ['BL0937 metering', { ele_pin: 7, vi_pin: 6, sel_pin_pin: 24, sel_pin_lv: 1 }, [[6, 'BL0937CF1', null], [7, 'BL0937CF', null], [24, 'BL0937SEL', null]]],
  ['HLW8012 metering (SEL the other way)', { ele_pin: 7, vi_pin: 8, sel_pin_pin: 24, sel_pin_lv: 0, chip_type: 1 }, [[7, 'BL0937CF', null], [8, 'BL0937CF1', null], [24, 'BL0937SEL_n', null]]],
  ['IR receiver (bare ir key)', { ir: 8 }, [[8, 'IRRecv', null]]],
  ['IR receiver and sender', { infrr: 14, infre: 5 }, [[5, 'IRSend', null], [14, 'IRRecv', null]]],
  ['RF receiver', { remote_io: 20 }, [[20, 'RCRecv', null]]],
  ['wall toggle input', { onoff1: 26, rl1_pin: 6 }, [[6, 'Rel', 1], [26, 'TglChanOnTgl', 1]]],
  ['door contact gets a channel after the relays', { rl1_pin: 24, door1_magt_pin: 26, door1_magt_lv: 1 }, [[24, 'Rel', 1], [26, 'dInput', 2]]],
  ['door contact, active-low', { door1_magt_pin: 26, door1_magt_lv: 0 }, [[26, 'dInput_n', 1]]],
  ['PIR and battery', { basic_pin_pin: 16, samp_pin: 23, samp_sw_pin: 17, samp_sw_lv: 1 }, [[16, 'dInput', 1], [17, 'BAT_Relay', null], [23, 'BAT_ADC', 2]]],
  ['battery switch, active-low', { samp_sw_pin: 17, samp_sw_lv: 0 }, [[17, 'BAT_Relay_n', null]]],
  ['SPI LED strip', { mosi: 16 }, [[16, 'SM16703P_DIN', null]]],
];

for (const [family, upk, expected] of ROWS) {
  test(`maps ${family}`, () => {
    const { pins } = mapUpkToObk(upk);
    assert.deepEqual(pins.map((p) => [p.pin, p.role, p.channel]), expected);
  });
}

test('I2C LED drivers are told apart by their current keys, with the channel map', () => {
  const cases: Array<[Upk, string, string, string]> = [
    [{ campere: 20, wampere: 50 }, 'SM2135DAT', 'SM2135CLK', 'SM2135_Current 20 50'],
    [{ ehccur: 3, ehwcur: 4 }, 'SM2135DAT', 'SM2135CLK', 'SM2135_Current 3 4'],
    [{ dccur: 10, dwcur: 12, drgbcur: 14 }, 'BP5758D_DAT', 'BP5758D_CLK', 'BP5758D_Current 14 12'],
    [{ cjccur: 5, cjwcur: 6 }, 'BP1658CJ_DAT', 'BP1658CJ_CLK', 'BP1658CJ_Current 5 6'],
    [{ '2235ccur': 1, '2235wcur': 2 }, 'SM2235DAT', 'SM2235CLK', 'SM2235_Current 1 2'],
    [{ kp58wcur: 7, kp58ccur: 8 }, 'KP18058_DAT', 'KP18058_CLK', 'KP18058_Current 7 8'],
  ];
  for (const [currents, dat, clk, command] of cases) {
    const map = mapUpkToObk({ iicscl: 26, iicsda: 24, iicr: 1, iicg: 0, iicb: 2, iicc: 4, iicw: 3, ...currents });
    assert.deepEqual(map.pins.map((p) => [p.pin, p.role]), [[24, dat], [26, clk]]);
    assert.deepEqual(map.commands, [command, 'LED_Map 1 0 2 4 3']);
  }
});

test('an unknown I2C driver and pins without a role are reported, not guessed', () => {
  const map = mapUpkToObk({ iicscl: 8, iicsda: 26, ctrl_pin: 14, buzzer_io: 9 });
  assert.deepEqual(map.pins, []);
  assert.deepEqual(map.unmapped.map((u) => u.tuyaKey).sort(), ['buzzer_io', 'ctrl_pin', 'iicscl', 'iicsda']);
});

test('PWM frequency and TuyaMCU become startup commands; a pin named twice keeps its first key', () => {
  const pwm = mapUpkToObk({ c_pin: 26, w_pin: 24, pwmhz: 600 });
  assert.deepEqual(pwm.commands, ['PWMFrequency 600']);
  const mcu = mapUpkToObk(null, { tuyaMcuBaud: 9600 });
  assert.deepEqual(mcu.commands, ['startDriver TuyaMCU', 'tuyaMcu_setBaudRate 9600']);
  const twice = mapUpkToObk({ rl1_pin: 6, led1_pin: 6 });
  assert.deepEqual(twice.pins.map((p) => p.tuyaKey), ['rl1_pin']);
  assert.match(twice.notes.join(' '), /GPIO 6 is named by both rl1_pin and led1_pin/);
});
