/**
 * Plain diagnoses of the flash states that look like line faults but are not: a flash that does not
 * answer (id 000000 / FFFFFF), reads that come back as one repeated byte, protect bits that stay set.
 * Each names what it means and what to try.
 */
import { ProtocolError } from './client.js';
import { jedecHex } from './flash-parts.js';

/** A failure that is the chip's state, not the line: a lower rate does not help, so none is tried. */
export class DiagnosedError extends ProtocolError {
  constructor(message: string) {
    super(message);
    this.name = 'DiagnosedError';
  }
}

/** What to try when the chip talks but its flash does not. */
const DEAD_FLASH_ADVICE =
  `the chip talks, but its SPI flash does not respond (not powered, held in reset, or damaged). ` +
  `Power-cycle the device from a supply that gives 300 mA at 3.3 V (the USB adapter's 3.3 V pin often cannot), ` +
  `check that no pin holds the flash lines (on some boards P24 must be low during reset), then try again; a lower --baud does not help here`;

/** GetMID answered, but with an id no SPI flash has. */
export function deadFlashMessage(id: Uint8Array): string {
  const hex = jedecHex(id);
  if (hex === '000000' || hex === 'FFFFFF') return `the flash answers id ${hex}: ${DEAD_FLASH_ADVICE}`;
  return `the flash answers id ${hex}, which gives no plausible size (capacity byte 0x${hex.slice(4)}): the reply was damaged or the flash is faulty; power-cycle the device and try a lower --baud`;
}

/** Every GetMID failed (`reason` the last failure) while the chip still answers LinkCheck: the flash, not the line. */
export function flashIdFailedMessage(attempts: number, reason: string): string {
  return `the flash id read (GetMID) failed ${attempts} times (${reason}) while the chip answers its link check: ${DEAD_FLASH_ADVICE}`;
}

/** A read of `what` returned nothing but `byte`. */
export function uniformReadMessage(byte: number, what: string): string {
  if (byte === 0x00) {
    return (
      `${what} reads as all 0x00: the flash returns zeros, which a working chip never does there (it holds the bootloader). ` +
      `The flash is read-protected or not powered properly: power-cycle the device from a stronger 3.3 V supply and try again; ` +
      `if it stays all zeros the contents cannot be read out over this link`
    );
  }
  return (
    `${what} reads as all 0xFF: either the flash is erased (the chip would then not boot) or reads are blocked; ` +
    `power-cycle the device and try again at a lower --baud; a chip that answered with its bootloader before cannot be erased by a read`
  );
}

/** The status registers keep protect bits after unprotect attempts. */
export function stuckProtectionMessage(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  return (
    `the flash stays write-protected (status registers ${hex} after 5 clearing writes): the status-register protect pin (WP) may be held low ` +
    `or the status register is locked until power-off (SRP1); power-cycle the device (unplug it for a few seconds) and try again`
  );
}
