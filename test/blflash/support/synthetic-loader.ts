import { PLACEHOLDER, encodeBootHeader, sealBootHeader, type BootHeader } from '../../../src/formats/bouffalo/boot-header.js';
import { encodeSegmentHeader } from '../../../src/formats/bouffalo/ram-image.js';
import { sha256Of } from '../../../src/formats/bytes.js';

/** Where every eflash_loader is loaded and started. */
export const LOADER_RAM_ADDRESS = 0x22010000;

/**
 * A stand-in eflash_loader: a valid RAM-image boot header around dummy code. "sealed" carries real
 * header CRC and SHA-256 (like blflash's loader); "placeholder" uses crc/hash-ignore with 0xDEADBEEF
 * (like the loaders Bouffalo's tool installs).
 */
export function syntheticLoader(style: 'sealed' | 'placeholder' = 'sealed', codeLength = 9000): Uint8Array {
  const code = new Uint8Array(codeLength);
  for (let i = 0; i < code.length; i++) code[i] = (i * 31 + 7) & 0xff;
  const segment = new Uint8Array(16 + code.length);
  segment.set(encodeSegmentHeader(LOADER_RAM_ADDRESS, code));
  segment.set(code, 16);
  const hash = new Uint8Array(32);
  if (style === 'sealed') hash.set(sha256Of(segment));
  else new DataView(hash.buffer).setUint32(0, PLACEHOLDER, true);
  const header: BootHeader = {
    magic: 'BFNP',
    revision: 1,
    hasFlashConfig: false,
    flashConfig: new Uint8Array(84),
    flashConfigCrc: 0,
    hasClockConfig: false,
    clock: { xtalType: 4, pllClk: 4, hclkDiv: 0, bclkDiv: 1, flashClkType: 3, flashClkDiv: 1, reserved: [0, 0] },
    clockConfigCrc: 0,
    bootConfig: style === 'sealed' ? 0x00000200 : 0x00030300,
    imageLength: 1,
    bootEntry: 0,
    imageStart: LOADER_RAM_ADDRESS,
    hash,
    partitionTableAddresses: [0, 0],
    headerCrc: 0,
  };
  const sealed = sealBootHeader(header);
  const headerBytes = encodeBootHeader(style === 'sealed' ? sealed : { ...sealed, headerCrc: PLACEHOLDER });
  const out = new Uint8Array(headerBytes.length + segment.length);
  out.set(headerBytes);
  out.set(segment, headerBytes.length);
  return out;
}
