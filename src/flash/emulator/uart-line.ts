/**
 * What a UART receiver set to one rate makes of bytes sent at another: the bytes become a line
 * level over time (8N1 frames, back to back), which is then sampled the way a receiver does (wait for
 * a falling edge, sample mid-bit at its own rate). Frames whose stop bit reads low are dropped, as a
 * framing error. Lets the emulator show a monitor at the wrong baud what a real wire would.
 */

const FRAME_BITS = 10;

/** The line level (1 = idle/mark) in bit slot `slot` of the sent stream. */
function levelAt(data: Uint8Array, slot: number): number {
  const byteIndex = Math.floor(slot / FRAME_BITS);
  if (slot < 0 || byteIndex >= data.length) return 1;
  const bit = slot % FRAME_BITS;
  if (bit === 0) return 0;
  if (bit === FRAME_BITS - 1) return 1;
  return (data[byteIndex]! >> (bit - 1)) & 1;
}

/** The first slot at or after `fromSlot` with level `level`, or -1 past the end. */
function nextSlotWithLevel(data: Uint8Array, fromSlot: number, level: number): number {
  const end = data.length * FRAME_BITS;
  for (let slot = Math.max(0, fromSlot); slot < end; slot++) if (levelAt(data, slot) === level) return slot;
  return level === 1 ? end : -1;
}

export function receiveAtRate(data: Uint8Array, sentBaud: number, receiverBaud: number): Uint8Array {
  if (sentBaud === receiverBaud) return data.slice();
  const ratio = sentBaud / receiverBaud; // receiver bit length, in sent bit slots
  const received: number[] = [];
  let slot = 0;
  for (;;) {
    const edge = nextSlotWithLevel(data, slot, 0);
    if (edge < 0) break;
    const sample = (bitIndex: number) => levelAt(data, Math.floor(edge + (bitIndex + 0.5) * ratio));
    if (sample(0) !== 0) {
      slot = edge + 1; // a glitch, not a start bit
      continue;
    }
    let byte = 0;
    for (let bit = 0; bit < 8; bit++) byte |= sample(bit + 1) << bit;
    const stopSlot = Math.floor(edge + 9.5 * ratio);
    if (sample(9) === 1) received.push(byte);
    // The receiver looks for the next start bit only once the line has been high again.
    slot = nextSlotWithLevel(data, stopSlot, 1);
  }
  return Uint8Array.from(received);
}
