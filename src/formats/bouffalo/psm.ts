import { asBuffer, hasMagic, view } from '../bytes.js';
import { checkObkConfig, type ObkConfigLocation } from '../obk/locate.js';

/** The EasyFlash key under which OpenBeken keeps its config on Bouffalo chips. */
export const OBK_PSM_KEY = 'mY0bcFg';

// EasyFlash4 as the BL602 SDK builds it (write granularity 8): a KV40 record's name sits 28 bytes
// after the record start, behind 5 status bytes, the magic (+8), lengths, CRC and name length (+20).
const NAME_OFFSET = 28;
const STATUS_BYTES = 5;
const VALID = 2;
const PRE_DELETE = 3;

/** A record's state: the number of status bytes already cleared to 0x00. */
function recordState(data: Uint8Array, record: number): number {
  let state = 0;
  while (state < STATUS_BYTES && data[record + state] === 0x00) state++;
  return state;
}

/**
 * Finds the OpenBeken config stored under its EasyFlash key in the PSM partition. A valid record wins;
 * a pre-delete one (an update cut short) counts only when no valid record exists, as at boot.
 */
export function findObkConfigInPsm(data: Uint8Array, psmOffset: number, psmLength: number): ObkConfigLocation | null {
  const psm = asBuffer(data.subarray(psmOffset, psmOffset + psmLength));
  let fallback: ObkConfigLocation | null = null;
  for (let at = psm.indexOf(OBK_PSM_KEY); at >= 0; at = psm.indexOf(OBK_PSM_KEY, at + 1)) {
    const record = psmOffset + at - NAME_OFFSET;
    if (record < psmOffset || !hasMagic(data, record + 8, 'KV40') || data[record + 20] !== OBK_PSM_KEY.length) continue;
    const valueOffset = psmOffset + at + OBK_PSM_KEY.length;
    const config = checkObkConfig(data, valueOffset);
    if (!config || view(data.subarray(record + 24, record + 28)).getUint32(0, true) < config.length) continue;
    const state = recordState(data, record);
    if (state === VALID) return config;
    if (state === PRE_DELETE) fallback ??= config;
  }
  return fallback;
}
