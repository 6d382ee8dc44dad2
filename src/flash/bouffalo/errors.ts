/** The chip did not answer in time (after the configured retries). */
export class NoReplyError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    /** Which rate the link was at: the boot ROM's (--rom-baud) or the loader's (--baud). */
    public phase: 'rom' | 'loader' = 'rom',
  ) {
    super(`no reply to ${what} within ${timeoutMs} ms`);
    this.name = 'NoReplyError';
  }
}

/** The boot ROM never answered the handshake within the link timeout. */
export class NeverAnsweredError extends Error {
  constructor(
    readonly path: string,
    readonly romBaud: number,
    readonly timeoutMs: number,
  ) {
    super(
      `the boot ROM never answered on ${path} at ${romBaud} baud within ${Math.round(timeoutMs / 1000)} s: check the wiring (adapter TX to the chip's RX, RX to TX, common GND), ` +
        `hold BOOT high (GPIO8 on BL602, GPIO28 on BL702, GPIO2 on BL616/BL618) while pressing EN/RST, or give more time with --link-timeout; ` +
        `if the adapter cannot do ${romBaud} baud, try --rom-baud 115200`,
    );
    this.name = 'NeverAnsweredError';
  }
}

/** The chip answered with bytes that are not a reply of the ISP protocol. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Something the user must fix before the flasher can go on (no loader, secure boot, ...). */
export class BouffaloSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BouffaloSetupError';
  }
}

/** The chip answers but its SPI flash does not (JEDEC id 000000 or FFFFFF). */
export class FlashNotAnsweringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlashNotAnsweringError';
  }
}
