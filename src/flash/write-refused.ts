/**
 * A write plan's refusal, with why: `refused` (unsafe: wrong family, bootloader, kind), `damaged` (the
 * file fails its checks) or `usage` (a bad address). Commands turn it into the matching exit code.
 */
export class WriteRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'refused' | 'damaged' | 'usage' = 'refused',
  ) {
    super(message);
    this.name = 'WriteRefused';
  }
}
