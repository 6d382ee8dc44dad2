import { createHash } from 'node:crypto';
import { RAM_IMAGE_HEADER_SIZE, SEGMENT_HEADER_SIZE, decodeSegmentHeader, segmentHeaderCrc } from '../../formats/bouffalo/ram-image.js';
import { bootFlags, checkBootHeader, decodeBootHeader, hashIsPlaceholder } from '../../formats/bouffalo/boot-header.js';
import { crc32Of as crc32 } from '../../formats/bytes.js';
import { isRamAddress as inRam } from '../bouffalo/loader-image.js';

/**
 * What the BL602/BL702 boot ROM checks while a RAM image (the eflash_loader) is loaded over UART:
 * boot header -> segment header -> segment data ... -> check -> run. Each step answers the error
 * code the ROM would (spec 4.5 and 4.13). Pure state, no I/O.
 */
export type RomLoadStep = 'idle' | 'segment-header' | 'segment-data' | 'loaded' | 'checked';

const MAX_SEGMENTS = 16;

/** Thrown with the code the ROM answers in "FL". */
export class RomRefusal extends Error {
  constructor(readonly code: number) {
    super(`FL${code.toString(16).padStart(4, '0')}`);
  }
}

/** What the chip's eFuse demands of every image it loads (get_boot_info bytes 4 and 5). */
export interface EfuseSecurity {
  signType: number;
  encrypted: number;
}

export class RomImageLoader {
  step: RomLoadStep = 'idle';
  private segmentsLeft = 0;
  private segmentRemaining = 0;
  private segmentDataCrc = 0;
  private segmentChunks: Uint8Array[] = [];
  private hashed = createHash('sha256');
  private expectedHash: Uint8Array | null = null;
  private digest: Uint8Array | null = null;

  constructor(private readonly efuse: EfuseSecurity = { signType: 0, encrypted: 0 }) {}

  reset(): void {
    this.digest = null;
    this.step = 'idle';
    this.segmentChunks = [];
    this.hashed = createHash('sha256');
    this.expectedHash = null;
  }

  bootHeader(bytes: Uint8Array): void {
    if (this.step !== 'idle') throw new RomRefusal(0x0104);
    if (bytes.length !== RAM_IMAGE_HEADER_SIZE) throw new RomRefusal(0x0201);
    if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'BFNP') throw new RomRefusal(0x0203);
    const header = decodeBootHeader(bytes);
    const flags = bootFlags(header.bootConfig);
    if (checkBootHeader(header).headerCrc === 'bad') throw new RomRefusal(0x0204);
    // [I] the order of the two checks: the codes are IMG_BOOTHEADER_ENCRYPT_NOTFIT / _SIGN_NOTFIT (spec 4.13):
    // a header that does not ask for what the eFuse enforces does not fit this chip
    if (this.efuse.encrypted && !flags.encryptType) throw new RomRefusal(0x0205);
    if (this.efuse.signType && !flags.sign) throw new RomRefusal(0x0206);
    if (flags.sign) throw new RomRefusal(0x0206); // this emulated chip has no keys: signed images do not fit
    if (flags.encryptType) throw new RomRefusal(0x0205);
    // In a RAM image the length field counts segments.
    const count = header.imageLength;
    if (count < 1 || count > MAX_SEGMENTS) throw new RomRefusal(0x0207);
    this.expectedHash = flags.hashIgnore && hashIsPlaceholder(header) ? null : header.hash.slice();
    this.segmentsLeft = count;
    this.step = 'segment-header';
  }

  /** Returns the segment header as decoded, which the ROM echoes back. */
  segmentHeader(bytes: Uint8Array): Uint8Array {
    if (this.step !== 'segment-header') throw new RomRefusal(0x0104);
    if (bytes.length !== SEGMENT_HEADER_SIZE) throw new RomRefusal(0x020f);
    const header = decodeSegmentHeader(bytes);
    if (header.headerCrc !== segmentHeaderCrc(bytes)) throw new RomRefusal(0x0210);
    if (!inRam(header.destination) || !inRam(header.destination + header.length - 1)) throw new RomRefusal(0x0211);
    this.hashed.update(bytes);
    this.segmentRemaining = header.length;
    this.segmentDataCrc = header.dataCrc;
    this.segmentChunks = [];
    this.step = header.length ? 'segment-data' : this.afterSegment();
    return bytes.slice();
  }

  segmentData(data: Uint8Array): void {
    if (this.step !== 'segment-data') throw new RomRefusal(0x0104);
    if (data.length > this.segmentRemaining) {
      this.reset();
      throw new RomRefusal(0x0214);
    }
    this.segmentChunks.push(data.slice());
    this.hashed.update(data);
    this.segmentRemaining -= data.length;
    if (this.segmentRemaining) return;
    if (crc32(Buffer.concat(this.segmentChunks)) !== this.segmentDataCrc) {
      this.reset();
      throw new RomRefusal(0x0215);
    }
    this.step = this.afterSegment();
  }

  private afterSegment(): RomLoadStep {
    this.segmentsLeft--;
    return this.segmentsLeft ? 'segment-header' : 'loaded';
  }

  checkImage(): void {
    if (this.step === 'idle') throw new RomRefusal(0x0104);
    if (this.step !== 'loaded') throw new RomRefusal(0x0216);
    if (this.expectedHash && !this.expectedHash.every((byte, index) => byte === this.hashDigest[index])) {
      this.reset();
      throw new RomRefusal(0x0217);
    }
    this.step = 'checked';
  }

  private get hashDigest(): Uint8Array {
    this.digest ??= new Uint8Array(this.hashed.digest());
    return this.digest;
  }

  /** run_image (or the BL702 memory-write sequence) is only valid after a successful check. */
  run(): void {
    if (this.step !== 'checked') throw new RomRefusal(0x0104);
    this.reset();
  }
}
