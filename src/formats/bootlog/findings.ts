/** The catalogue of what a boot log can reveal, each with its likely causes and the next step. */
import type { ChipFamily } from './log-ports.js';

export type FindingCode =
  | 'boot-loop'
  | 'boot-counter-high'
  | 'safe-mode'
  | 'wifi-reset'
  | 'family-mismatch'
  | 'wrong-uart'
  | 'wrong-baud'
  | 'garbage'
  | 'silent';

export type Severity = 'fault' | 'warning';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One sentence: what was seen. */
  summary: string;
  likelyCauses: string[];
  nextStep: string;
}

export function bootLoopFinding(boots: number, periodMs: number | undefined, counterRising: boolean): Finding {
  const period = periodMs === undefined ? '' : `, one every ${(periodMs / 1000).toFixed(1)} s`;
  const counter = counterRising ? ', and the boot counter rises' : '';
  return {
    code: 'boot-loop',
    severity: 'fault',
    summary: `The device is in a boot loop: ${boots} boots seen${period}${counter}.`,
    likelyCauses: [
      'firmware built for another chip or image type (e.g. a BK7231T build on a BK7231N)',
      'a damaged or partly written application image',
      'a configuration that crashes the firmware at start-up',
      'weak power supply',
    ],
    nextStep: 'Read the last lines before each restart; re-flash the image built for this exact chip, and power the board from a supply that gives at least 300 mA.',
  };
}

export function bootCounterFinding(value: number): Finding {
  return {
    code: 'boot-counter-high',
    severity: 'warning',
    summary: `The firmware reports a boot count of ${value}: it has restarted many times.`,
    likelyCauses: ['an earlier or ongoing boot loop', 'unstable power'],
    nextStep: 'Watch a few minutes of log for restarts; if they recur, treat it as a boot loop.',
  };
}

export function safeModeFinding(): Finding {
  return {
    code: 'safe-mode',
    severity: 'fault',
    summary: 'The firmware says it entered safe mode after repeated failed boots.',
    likelyCauses: ['a configuration or script that crashes the firmware', 'a driver enabled for pins this board does not have'],
    nextStep: 'Connect to the device\'s access point or web page in safe mode and remove the last configuration change (or erase the config and set it up again).',
  };
}

export function wifiResetFinding(count: number): Finding {
  return {
    code: 'wifi-reset',
    severity: 'fault',
    summary: `The device restarted right after starting Wi-Fi (${count} times).`,
    likelyCauses: ['the supply collapses under the Wi-Fi transmit current (brown-out)', 'a USB-serial adapter\'s 3.3 V pin powering the board'],
    nextStep: 'Power the board from a separate 3.3 V supply able to give 500 mA, with a capacitor near the module, and share ground with the adapter.',
  };
}

export function familyMismatchFinding(detail: string): Finding {
  return {
    code: 'family-mismatch',
    severity: 'fault',
    summary: `The log shows a chip mismatch: ${detail}.`,
    likelyCauses: ['firmware built for another chip was flashed', 'the board was identified as the wrong chip'],
    nextStep: 'Check the chip family: a BL602 board cannot run BK7231 firmware, and BK7231T and BK7231N builds are not interchangeable; flash the build for the chip the bootloader names.',
  };
}

export function wrongUartFinding(family: ChipFamily | undefined, what: string): Finding {
  const beken = family !== 'bouffalo';
  return {
    code: 'wrong-uart',
    severity: 'fault',
    summary: `Only ${what} arrive: this is the download port, not the log.`,
    likelyCauses: ['Beken chips flash on UART1 (TX1) but the firmware logs on UART2'],
    nextStep: beken
      ? 'Move the adapter\'s RX wire to the chip\'s TX2 pin (P0) and run the monitor again at 115200 baud.'
      : 'Check the wiring of the adapter\'s RX to the chip\'s TX and try --baud auto.',
  };
}

export function wrongBaudFinding(baud: number, family: ChipFamily | undefined, quiet: boolean): Finding {
  const seen = quiet ? 'Almost nothing arrives' : 'Unreadable bytes arrive';
  const bouffalo = family === 'bouffalo';
  return {
    code: 'wrong-baud',
    severity: 'fault',
    summary: `${seen} at ${baud} baud${bouffalo ? ' from a Bouffalo chip, which logs at 2000000 baud' : ''}.`,
    likelyCauses: ['the monitor listens at another rate than the firmware sends'],
    nextStep: bouffalo ? 'Run the monitor again with --baud 2000000 (or --baud auto).' : 'Run the monitor again with --baud auto.',
  };
}

export function garbageFinding(rates: number[]): Finding {
  const where = rates.length > 1 ? `at every rate tried (${rates.join(', ')})` : `at ${rates[0]} baud`;
  return {
    code: 'garbage',
    severity: 'fault',
    summary: `Only unreadable bytes arrive ${where}.`,
    likelyCauses: [
      'a baud rate outside those tried',
      'a 5 V adapter or wrong logic level',
      'no common ground between the adapter and the board',
      'a loose RX wire picking up noise',
    ],
    nextStep: 'Use a 3.3 V adapter, connect GND to the board\'s GND, check the RX wire, then try --baud auto again.',
  };
}

export function silentFinding(baud: number, family: ChipFamily | undefined): Finding {
  return {
    code: 'silent',
    severity: 'fault',
    summary: `Nothing arrived at ${baud} baud.`,
    likelyCauses: [
      'the adapter\'s RX is not on the chip\'s log TX pin (or TX and RX are swapped)',
      'the board is not powered or the chip does not start',
      ...(family === 'bouffalo' ? ['a Bouffalo chip held in download mode (BOOT pin high at reset)'] : []),
    ],
    nextStep: 'Check power and wiring (adapter RX to chip TX, common GND), reset the board while the monitor runs, and try --baud auto.',
  };
}
