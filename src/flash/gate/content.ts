import type { FlashRange, GateRequest } from './types.js';

/** What a file is and where its content belongs, as a vendor's rules decide it from the bytes. */
export interface Content {
  kind: string;
  /** Where the content belongs in the flash; null when only --offset can say. */
  home: number | null;
  /** The bytes that go to the flash from `home` on (the file, or the file given a header). */
  data: Uint8Array;
  /** A phrase for the report: "a QIO image (bootloader, then the app)". */
  what: string;
  /** The content opens with the bootloader region (up to geometry.bootEnd). */
  holdsBootloader: boolean;
  /** The content is nothing but a bootloader (boot2): it cannot be written without it. */
  bootloaderOnly: boolean;
  /** The content carries the firmware the device boots. */
  holdsFirmware: boolean;
  /** Why writing it at home would leave the device without firmware, when it would. */
  leavesNoFirmware: string | null;
  /** Whether inspect's verdict applies (false for raw bytes, which inspect cannot judge). */
  judged: boolean;
  notes: string[];
}

/** The chip's flash map as far as the gate needs it. */
export interface Geometry {
  /** The first byte past the bootloader region (Beken 0x11000; Bouffalo: boot2 and the partition tables). */
  bootEnd: number;
  /** Where the firmware the device boots lives. */
  firmware: FlashRange | null;
}

export interface VendorRules {
  content(request: GateRequest): Content;
  geometry(request: GateRequest, content: Content): Geometry;
}
