/**
 * OpenBeken pin roles: the IOR_* enum order of OpenBeken's new_pins.h, named as its web UI and its
 * device templates name them ("Rel;1"). Numbers are what the config stores in pins.roles[].
 */
const ROLE_NAMES = [
  'None', 'Rel', 'Rel_n', 'Btn', 'Btn_n', 'LED', 'LED_n', 'PWM', 'WifiLED', 'WifiLED_n',
  'Btn_Tgl_All', 'Btn_Tgl_All_n', 'dInput', 'dInput_n', 'TglChanOnTgl', 'dInput_NoPullUp', 'dInput_NoPullUp_n', 'BL0937SEL', 'BL0937CF', 'BL0937CF1',
  'ADC', 'SM2135DAT', 'SM2135CLK', 'BP5758D_DAT', 'BP5758D_CLK', 'BP1658CJ_DAT', 'BP1658CJ_CLK', 'PWM_n', 'IRRecv', 'IRSend',
  'Btn_NextColor', 'Btn_NextColor_n', 'Btn_NextDimmer', 'Btn_NextDimmer_n', 'AlwaysHigh', 'AlwaysLow', 'UCS1912_DIN', 'SM16703P_DIN', 'Btn_NextTemperature', 'Btn_NextTemperature_n',
  'Btn_ScriptOnly', 'Btn_ScriptOnly_n', 'DHT11', 'DHT12', 'DHT21', 'DHT22', 'CHT83XX_SDA', 'CHT83XX_SCK', 'SHT3X_SDA', 'SHT3X_SCK',
  'SoftSDA', 'SoftSCL', 'SM2235DAT', 'SM2235CLK', 'BridgeFWD', 'BridgeREV', 'Btn_SmartLED', 'Btn_SmartLED_n', 'DoorSnsrWSleep', 'DoorSnsrWSleep_nPup',
  'BAT_ADC', 'BAT_Relay', 'TM1637_DIO', 'TM1637_CLK', 'BL0937SEL_n', 'DoorSnsrWSleep_pd', 'SGP_CLK', 'SGP_DAT', 'ADC_Button', 'GN6932_CLK',
  'GN6932_DAT', 'GN6932_STB', 'TM1638_CLK', 'TM1638_DAT', 'TM1638_STB', 'BAT_Relay_n', 'KP18058_CLK', 'KP18058_DAT', 'DS1820_IO',
] as const;

/** Roles past the named list that the mapping uses. */
const LATER_ROLES: Record<number, string> = { 87: 'RCRecv' };

export type ObkRoleName = (typeof ROLE_NAMES)[number] | 'RCRecv';

export function obkRoleName(role: number): string {
  return ROLE_NAMES[role] ?? LATER_ROLES[role] ?? `role ${role}`;
}

export function obkRoleNumber(name: ObkRoleName): number {
  const index = (ROLE_NAMES as readonly string[]).indexOf(name);
  if (index >= 0) return index;
  const later = Object.entries(LATER_ROLES).find(([, n]) => n === name);
  if (!later) throw new Error(`unknown OpenBeken role ${name}`);
  return Number(later[0]);
}
