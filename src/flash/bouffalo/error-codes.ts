/**
 * Chip-side error codes ("FL" + u16 LE) of the ROM and the eflash_loader, with what they mean in
 * practice and what the user should do (spec section 4.13).
 */
export interface ErrorCodeInfo {
  name: string;
  meaning: string;
  advice: string;
}

const RESTART = 'reset the board into the boot ROM (BOOT high, pulse EN) and run the command again';

const KNOWN: Record<number, ErrorCodeInfo> = {
  0x0001: { name: 'FLASH_INIT', meaning: 'the loader could not initialise the SPI flash', advice: 'check the flash power and the loader variant (crystal frequency)' },
  0x0002: { name: 'FLASH_ERASE_PARA', meaning: 'the erase range was refused', advice: 'check that the range lies inside the flash' },
  0x0003: { name: 'FLASH_ERASE', meaning: 'the flash did not erase', advice: 'retry; a flash that keeps failing to erase is write-protected or worn' },
  0x0004: { name: 'FLASH_WRITE_PARA', meaning: 'the write arguments were refused', advice: 'check the address and length' },
  0x0005: { name: 'FLASH_WRITE_ADDR', meaning: 'the write address lies outside the flash', advice: 'check the address against the flash size' },
  0x0006: { name: 'FLASH_WRITE', meaning: 'a flash write failed', advice: 'retry; if it persists the flash is write-protected' },
  0x0007: { name: 'FLASH_BOOT_PARA', meaning: 'boot-from-flash arguments were refused', advice: RESTART },
  0x0008: { name: 'FLASH_SET_PARA', meaning: 'the flash configuration was refused', advice: 'use a loader that matches this flash chip' },
  0x0101: { name: 'CMD_ID_ERROR', meaning: 'the chip does not know this command in its current firmware (ROM or loader)', advice: 'the eflash_loader is probably not running; ' + RESTART },
  0x0102: { name: 'CMD_LEN_ERROR', meaning: 'a frame length was inconsistent, often leftover sync bytes read as a command', advice: RESTART + '; on newer BL602 batches use a newer eflash_loader' },
  0x0103: { name: 'CMD_CRC_ERROR', meaning: 'a frame checksum was wrong (line noise)', advice: 'use a lower baud rate or a shorter cable' },
  0x0104: { name: 'CMD_SEQ_ERROR', meaning: 'the command is not valid in the chip\'s current state (the ROM lost its place, timed out after 2 s of silence, or a flash command reached the ROM instead of the loader)', advice: RESTART + ' at 500,000 baud or less for the loader upload' },
  0x0201: { name: 'IMG_BOOTHEADER_LEN', meaning: 'the loader\'s boot header has the wrong length', advice: 'the loader file is not a BL602/BL702 RAM image' },
  0x0202: { name: 'IMG_BOOTHEADER_NOT_LOAD', meaning: 'the boot header says "do not load"', advice: 'use an unmodified eflash_loader' },
  0x0203: { name: 'IMG_BOOTHEADER_MAGIC', meaning: 'the loader does not start with "BFNP"', advice: 'the loader file is damaged or not a Bouffalo image' },
  0x0204: { name: 'IMG_BOOTHEADER_CRC', meaning: 'the loader\'s boot header CRC is wrong', advice: 'the loader file is damaged; fetch it again' },
  0x0205: { name: 'IMG_BOOTHEADER_ENCRYPT_NOTFIT', meaning: 'the chip requires encrypted images', advice: 'this chip has secure boot enabled; it cannot be flashed with a plain loader' },
  0x0206: { name: 'IMG_BOOTHEADER_SIGN_NOTFIT', meaning: 'the chip requires signed images', advice: 'this chip has secure boot enabled; it cannot be flashed with a plain loader' },
  0x0207: { name: 'IMG_SEGMENT_CNT', meaning: 'the loader\'s segment count is wrong', advice: 'the loader file is damaged' },
  0x020f: { name: 'IMG_SECTIONHEADER_LEN', meaning: 'a segment header had the wrong length', advice: RESTART },
  0x0210: { name: 'IMG_SECTIONHEADER_CRC', meaning: 'a segment header CRC is wrong', advice: 'the loader file is damaged, or the line corrupted it: lower the baud rate' },
  0x0211: { name: 'IMG_SECTIONHEADER_DST', meaning: 'a segment targets an address outside RAM', advice: 'the loader was built for another chip' },
  0x0212: { name: 'IMG_SECTIONDATA_LEN', meaning: 'segment data has the wrong length', advice: RESTART },
  0x0214: { name: 'IMG_SECTIONDATA_TLEN', meaning: 'more segment data arrived than the segment header announced, usually after line errors at a high upload baud', advice: RESTART + ' at 500,000 baud or less for the loader upload' },
  0x0215: { name: 'IMG_SECTIONDATA_CRC', meaning: 'the loader\'s segment data CRC is wrong', advice: 'the loader file is damaged, or the line corrupted it: lower the baud rate' },
  0x0216: { name: 'IMG_HALFBAKED', meaning: 'the image was checked before all of it was loaded', advice: RESTART },
  0x0217: { name: 'IMG_HASH', meaning: 'the loader\'s SHA-256 does not match its header', advice: 'the loader file is damaged; fetch it again' },
  0x0301: { name: 'IF_RATE_LEN', meaning: 'the change-rate arguments were refused', advice: 'use a standard baud rate' },
  0x0302: { name: 'IF_RATE_PARA', meaning: 'the requested baud rate is not supported', advice: 'use a standard baud rate' },
  0x0401: { name: 'EFUSE_WRITE_PARA', meaning: 'efuse write arguments were refused', advice: 'fwkit never writes efuses; ' + RESTART },
  0x0402: { name: 'EFUSE_WRITE_ADDR', meaning: 'an efuse write went to a refused address (some tools print 0x0204 in wire order as "0402": a boot header CRC error)', advice: 'check whether the loader file is damaged' },
  0xfffc: { name: 'PLL_ERROR', meaning: 'the chip could not start its PLL', advice: 'use a loader that matches the module crystal (40 MHz for most BL602 modules)' },
  0xfffd: { name: 'INVASION_ERROR', meaning: 'the chip reported a security violation', advice: RESTART },
  0xfffe: { name: 'POLLING', meaning: 'the chip is still busy', advice: 'wait and retry' },
  0xffff: { name: 'FAIL', meaning: 'the chip reported a generic failure', advice: RESTART },
};

/** "FL0104" — how Bouffalo's tools print a code, so users can search for it. */
export function errorCodeLabel(code: number): string {
  return 'FL' + code.toString(16).toUpperCase().padStart(4, '0');
}

export function describeErrorCode(code: number): ErrorCodeInfo {
  const known = KNOWN[code];
  if (known) return known;
  const group = code >> 8;
  const area = group === 0x02 ? 'image check' : group === 0x04 ? 'efuse' : group === 0x05 ? 'memory access' : group === 0x06 ? 'key exchange' : 'unknown';
  return { name: `${area.toUpperCase().replace(' ', '_')}_ERROR`, meaning: `the chip reported an ${area} error`, advice: RESTART };
}

/** The chip answered "FL": carries the code, its meaning and advice in one sentence. */
export class ChipError extends Error {
  readonly info: ErrorCodeInfo;
  constructor(
    readonly code: number,
    readonly command: string,
  ) {
    const info = describeErrorCode(code);
    super(`the chip refused ${command} with ${errorCodeLabel(code)} ${info.name}: ${info.meaning}; ${info.advice}`);
    this.name = 'ChipError';
    this.info = info;
  }
}
