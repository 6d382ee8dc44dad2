import { blockState, isAllFF } from './blocks.js';
import type { FalTable } from './fal.js';
import { hexAddr, sizeText } from './findings.js';
import type { BekenLayout } from './layouts.js';
import { decodeRblHeader, describeAlgo, isRblHeader } from './rbl.js';
import { isUg } from './ug.js';

export interface DownloadState {
  state: 'erased' | 'ota-image' | 'residue' | 'data' | 'absent';
  summary: string;
  warning: string | null;
}

const SECTOR = 0x1000;

/** What the OTA download partition holds: nothing, a pending OTA image, leftovers, or unknown data. */
export function describeDownload(flash: Uint8Array, fal: FalTable, layout: BekenLayout): DownloadState {
  const entry = fal.partitions.find((p) => p.name === 'download');
  const offset = entry?.offset ?? layout.download.offset;
  const end = Math.min(flash.length, offset + (entry?.length ?? layout.download.length));
  if (offset >= flash.length) return { state: 'absent', summary: 'not in the file', warning: null };
  if (isRblHeader(flash, offset) || isUg(flash.subarray(offset))) {
    const rblAt = isUg(flash.subarray(offset)) ? offset + 32 : offset;
    const header = isRblHeader(flash, rblAt) ? decodeRblHeader(flash, rblAt) : null;
    const what = header ? `an OTA image for "${header.name}" version ${header.version} (${describeAlgo(header)}, ${header.sizePackage} bytes)` : 'an OTA image';
    return {
      state: 'ota-image',
      summary: `${what} at ${hexAddr(offset)}`,
      warning: `the download partition holds ${what}: the bootloader may install it at the next boot`,
    };
  }
  let used = 0;
  let firstUsed = -1;
  for (let o = offset; o < end; o += SECTOR) {
    if (isAllFF(flash, o, Math.min(end, o + SECTOR))) continue;
    used++;
    if (firstUsed < 0) firstUsed = o;
  }
  if (!used) return { state: 'erased', summary: `erased (${hexAddr(offset)}, ${sizeText(end - offset)})`, warning: null };
  if (blockState(flash, firstUsed) === 'valid') {
    return { state: 'residue', summary: `residual CRC-framed data in ${used} sector(s) from ${hexAddr(firstUsed)}: left over from an earlier app, not an OTA image`, warning: null };
  }
  return {
    state: 'data',
    summary: `${used} sector(s) of unrecognised data from ${hexAddr(firstUsed)}`,
    warning: `the download partition holds ${used} sector(s) of unrecognised data from ${hexAddr(firstUsed)} (not an OTA image)`,
  };
}
