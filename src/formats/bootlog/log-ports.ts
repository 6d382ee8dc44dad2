/**
 * Where each chip family writes its log, and at what rate. Beken chips take the download protocol on
 * UART1 but log on UART2; Bouffalo chips log on the flashing UART at 2 Mbaud.
 */

export type ChipFamily = 'beken' | 'bouffalo';

export const CHIP_NAMES = ['bk7231t', 'bk7231u', 'bk7231n', 'bk7231m', 'bk7231q', 'bk7238', 'bk7252', 'bk7252n', 'bl602', 'bl702', 'bl616', 'bl618'] as const;
export type ChipName = (typeof CHIP_NAMES)[number];

export interface LogPort {
  family: ChipFamily;
  /** The UART the application logs on. */
  uart: string;
  /** The chip pin to wire to the adapter's RX. */
  txPin: string;
  /** Whether that is the same TX as the one used for flashing. */
  sameAsFlashing: boolean;
  baud: number;
  /** Rates to try with --baud auto, most likely first. */
  probeRates: number[];
}

const BEKEN_LOG: LogPort = {
  family: 'beken',
  uart: 'UART2',
  txPin: 'TX2 (P0)',
  sameAsFlashing: false,
  baud: 115200,
  probeRates: [115200, 921600, 2000000, 1500000, 460800, 230400, 57600, 9600],
};

const BL602_LOG: LogPort = {
  family: 'bouffalo',
  uart: 'UART0',
  txPin: 'TX (GPIO16)',
  sameAsFlashing: true,
  baud: 2000000,
  probeRates: [2000000, 115200, 921600, 1500000, 460800, 230400, 57600, 9600],
};

const BL702_LOG: LogPort = { ...BL602_LOG, txPin: 'TX (GPIO14)' };

/**
 * BL616/BL618 (one die): the SDK's console is UART0 on GPIO21 (TX) / GPIO22 (RX) at 2,000,000 baud
 * (bouffalolab/bouffalo_sdk: bsp/board/bl616dk/board.c `console_init`), the pins the boot ROM's UART
 * download uses as well.
 */
const BL616_LOG: LogPort = { ...BL602_LOG, txPin: 'TX (GPIO21)' };

export function familyOf(chip: ChipName | ChipFamily): ChipFamily {
  if (chip === 'beken' || chip === 'bouffalo') return chip;
  return chip.startsWith('bk') ? 'beken' : 'bouffalo';
}

export function logPortFor(chip: ChipName | ChipFamily): LogPort {
  if (chip === 'bl702') return BL702_LOG;
  if (chip === 'bl616' || chip === 'bl618') return BL616_LOG;
  return familyOf(chip) === 'beken' ? BEKEN_LOG : BL602_LOG;
}

/** Every rate worth trying when the family is unknown, most common first. */
export const ALL_PROBE_RATES = [115200, 2000000, 921600, 1500000, 460800, 230400, 57600, 9600];
