import { hex } from '../errors.js';
import { hasMagic } from '../bytes.js';
import {
  BOOT_HEADER_SIZE,
  bootHeaderProblems,
  checkBootHeader,
  checkImageHash,
  decodeAnyBootHeader,
  securityWarning,
  type AnyBootHeader,
  type BootHeaderCheck,
  type HashStatus,
} from './boot-header.js';

/** boot2 always takes a firmware image 4 KiB after its header, whatever the header's img_start says. */
export const FIRMWARE_IMAGE_GAP = 0x1000;

/** A boot header found in a file, with the image it describes and what was checked. */
export interface BootImage {
  headerOffset: number;
  header: AnyBootHeader;
  check: BootHeaderCheck;
  imageOffset: number;
  hash: HashStatus;
}

/** Reads the header at `headerOffset` and checks the image found at `imageOffset`. */
export function readBootImage(data: Uint8Array, headerOffset: number, imageOffset: number): BootImage {
  const header = decodeAnyBootHeader(data, headerOffset);
  return { headerOffset, header, check: checkBootHeader(header), imageOffset, hash: checkImageHash(header, data, imageOffset) };
}

/** Problems (blocking) and warnings (not) about one boot image, each sentence starting with `what`. */
export function bootImageFindings(image: BootImage, what: string): { problems: string[]; warnings: string[] } {
  const where = `${what} header at ${hex(image.headerOffset)}`;
  const problems = bootHeaderProblems(image.header, image.check, where);
  const warnings: string[] = [];
  const end = hex(image.imageOffset + image.header.imageLength);
  if (image.hash === 'bad') problems.push(`${what} image at ${hex(image.imageOffset)}..${end} does not match the SHA-256 in its header`);
  if (image.hash === 'truncated') problems.push(`${what} image at ${hex(image.imageOffset)}..${end} runs past the end of the file`);
  const security = securityWarning(image.header, `${what} image`);
  if (security) warnings.push(security);
  return { problems, warnings };
}

/** The summary of a boot image that the JSON report carries. */
export function bootImageSummary(image: BootImage): Record<string, unknown> {
  return {
    headerOffset: image.headerOffset,
    imageOffset: image.imageOffset,
    imageStart: image.header.imageStart,
    imageLength: image.header.imageLength,
    headerCrc: image.check.headerCrc,
    flashConfigCrc: image.check.flashConfigCrc,
    clockConfigCrc: image.check.clockConfigCrc,
    hash: image.hash,
  };
}

export function startsWithBootHeader(data: Uint8Array, offset = 0): boolean {
  return data.length >= offset + BOOT_HEADER_SIZE && (hasMagic(data, offset, 'BFNP') || hasMagic(data, offset, 'BFAP'));
}
