/**
 * The chip's receive state machine: hunt for `01 E0 FC` (any other byte restarts the hunt, a repeated
 * `01` keeps it), then collect as many bytes as the length says. Text on the line is ignored.
 */
import { CMD_HEADER, FLASH_SELECTOR, LONG_MARK, type Command } from '../beken/frames.js';

/** The chip's receive buffer; longer frames are refused. */
const MAX_FRAME = 4200;

export class CommandParser {
  private header = 0;
  private need = 0;
  private long = false;
  private body: number[] = [];
  private bodyStart = 0;

  constructor(
    private readonly onCommand: (command: Command) => void,
    private readonly onLooseByte: (byte: number) => void = () => {},
  ) {}

  push(chunk: Uint8Array): void {
    for (const byte of chunk) this.pushByte(byte);
  }

  private pushByte(byte: number): void {
    if (this.header < 3) {
      if (byte === CMD_HEADER[this.header]) this.header++;
      else {
        this.header = byte === CMD_HEADER[0] ? 1 : 0;
        this.onLooseByte(byte);
      }
      if (this.header === 3) {
        this.body = [];
        this.need = -1;
      }
      return;
    }
    this.body.push(byte);
    if (this.need === -1) {
      // First byte after the header: the short length, or FF for a long frame.
      if (byte === LONG_MARK) {
        this.long = true;
        this.need = -2;
      } else {
        this.long = false;
        this.bodyStart = 1;
        this.need = byte;
        if (byte === 0) this.restart();
      }
      return;
    }
    if (this.need === -2) {
      if (this.body.length === 2 && byte !== FLASH_SELECTOR) return this.restart();
      if (this.body.length === 4) {
        const length = this.body[2]! | (this.body[3]! << 8);
        if (length === 0 || length >= MAX_FRAME) return this.restart();
        this.need = length;
        this.bodyStart = 4;
      }
      return;
    }
    if (this.body.length - this.bodyStart === this.need) {
      const payload = Uint8Array.from(this.body.slice(this.bodyStart + 1));
      const opcode = this.body[this.bodyStart]!;
      const wireLength = 3 + this.body.length;
      this.restart();
      this.onCommand({ long: this.long, opcode, payload, wireLength });
    }
  }

  private restart(): void {
    this.header = 0;
    this.need = 0;
    this.body = [];
  }
}
