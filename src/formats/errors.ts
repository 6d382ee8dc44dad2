/** A decoder's complaint about its input: where it looked and what it expected there. */
export class FormatError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`at offset 0x${offset.toString(16).toUpperCase()}: ${problem}`);
    this.name = 'FormatError';
  }
}

export function hex(value: number, width = 0): string {
  return '0x' + value.toString(16).toUpperCase().padStart(width, '0');
}
