/**
 * Scripted boot logs for the emulator's log mode: each plays one boot, then either repeats the boot
 * (a device that keeps restarting) or repeats a steady-state tail (a device that runs).
 * The texts are synthetic; they carry the markers real firmware prints (bootloader version line,
 * OpenBeken's first init step, printed twice, and its platform name; boot counter; Wi-Fi start), so the
 * monitor's diagnosis is exercised.
 */
import type { ChipName } from '../../formats/bootlog/log-ports.js';

export const SCENARIO_NAMES = ['healthy', 'boot-loop', 'safe-mode', 'uart1-dots', 'wifi-reset', 'wrong-firmware', 'bl602-healthy'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BootLogScript {
  name: ScenarioName;
  chip: ChipName;
  /** The rate the real device would send this at. */
  baud: number;
  /** One boot's lines; `{n}` is replaced by the boot number (a rising boot counter). */
  boot: string[];
  /** After the boot: 'reboot' plays the boot again, otherwise these lines repeat. */
  after: 'reboot' | string[];
  /** Pause between lines, in milliseconds. */
  lineGapMs: number;
}

const BK_BOOTLOADER = ['', 'V:BK7231N_1.0.1', 'REG:cpsr        spsr        r13         r14', 'J 0x10000'];

const OBK_START = (chip: string) => [
  'Main_Init_Before_Delay',
  'Info:MAIN:Main_Init_Before_Delay',
  `Info:MAIN:Open${chip} version 1.17.551`,
  'Info:MAIN:Boot count {n}, reset reason power-on',
  'Info:CFG:config loaded, 12 pins set',
];

const SCRIPTS: Record<ScenarioName, BootLogScript> = {
  healthy: {
    name: 'healthy',
    chip: 'bk7231n',
    baud: 115200,
    boot: [
      ...BK_BOOTLOADER,
      ...OBK_START('BK7231N'),
      'Info:MAIN:Connecting to SSID [home-net]',
      'Info:MAIN:Wi-Fi connected, got IP 192.168.1.42',
    ],
    after: ['Info:MAIN:Time 5, free heap 71520, Wi-Fi up, MQTT up'],
    lineGapMs: 10,
  },
  'boot-loop': {
    name: 'boot-loop',
    chip: 'bk7231n',
    baud: 115200,
    boot: [...BK_BOOTLOADER, ...OBK_START('BK7231N'), 'Info:GEN:starting drivers', 'rebooting'],
    after: 'reboot',
    lineGapMs: 10,
  },
  'safe-mode': {
    name: 'safe-mode',
    chip: 'bk7231n',
    baud: 115200,
    boot: [...BK_BOOTLOADER, ...OBK_START('BK7231N'), 'Warn:MAIN:too many failed boots, safe mode activated', 'Info:MAIN:open access point started'],
    after: ['Info:MAIN:[SAFE] Time 5, free heap 80112'],
    lineGapMs: 10,
  },
  'uart1-dots': {
    name: 'uart1-dots',
    chip: 'bk7231n',
    baud: 115200,
    boot: ['', '................................................'],
    after: ['................................................................'],
    lineGapMs: 10,
  },
  'wifi-reset': {
    name: 'wifi-reset',
    chip: 'bk7231n',
    baud: 115200,
    boot: [...BK_BOOTLOADER, ...OBK_START('BK7231N'), 'Info:MAIN:Connecting to SSID [home-net]'],
    after: 'reboot',
    lineGapMs: 10,
  },
  'wrong-firmware': {
    name: 'wrong-firmware',
    chip: 'bk7231n',
    baud: 115200,
    boot: [...BK_BOOTLOADER, ...OBK_START('BK7231T'), 'Error:MAIN:flash layout does not match, halting'],
    after: 'reboot',
    lineGapMs: 10,
  },
  'bl602-healthy': {
    name: 'bl602-healthy',
    chip: 'bl602',
    baud: 2000000,
    boot: [
      'Starting bl602 now....',
      'Booting BL602 Chip...',
      ...OBK_START('BL602'),
      'Info:MAIN:Connecting to SSID [home-net]',
      'Info:MAIN:Wi-Fi connected, got IP 192.168.1.43',
    ],
    after: ['Info:MAIN:Time 5, free heap 102400, Wi-Fi up'],
    lineGapMs: 10,
  },
};

export function bootLogScript(name: ScenarioName): BootLogScript {
  return SCRIPTS[name];
}

/** The script as an endless line sequence: the boot, then its repeated part, with the boot counter filled in. */
export function* scriptLines(script: BootLogScript, firstBootNumber = 1): Generator<string> {
  for (let boot = firstBootNumber; ; boot++) {
    for (const line of script.boot) yield line.replaceAll('{n}', String(boot));
    if (script.after === 'reboot') continue;
    for (;;) yield* script.after;
  }
}
