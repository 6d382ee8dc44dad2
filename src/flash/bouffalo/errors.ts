/** The chip did not answer in time (after the configured retries). */
export class NoReplyError extends Error {
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`no reply to ${what} within ${timeoutMs} ms`);
    this.name = 'NoReplyError';
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
