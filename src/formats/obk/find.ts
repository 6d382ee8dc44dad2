import { decodeObkConfig, type ObkConfig } from './config.js';
import { checkObkConfig, locateObkConfig } from './locate.js';

/** Platforms that keep the config as a raw struct at a fixed flash address. */
export const OBK_RAW_CONFIG_OFFSETS: ReadonlyArray<{ platform: string; offset: number }> = [
  { platform: 'BK7231N/BK7231M', offset: 0x1d1000 },
  { platform: 'BK7231T/BK7231U/BK7238/BK7252', offset: 0x1e1000 },
  { platform: 'LN882H', offset: 0x1ff000 },
  { platform: 'W800', offset: 0x1f0303 },
  { platform: 'W600', offset: 0xf0000 },
  { platform: 'GD32VW553', offset: 0x3f1000 },
];

export interface FoundObkConfig {
  offset: number;
  /** Where it lives, in words ("raw config sector of BK7231N/BK7231M"). */
  storage: string;
  config: ObkConfig;
}

/**
 * Finds the OpenBeken config in a dump: first at the platforms' fixed addresses, then at any sector
 * start (a config file on its own, or a layout not listed). EasyFlash platforms are read elsewhere.
 */
export function findRawObkConfig(data: Uint8Array): FoundObkConfig | null {
  for (const { platform, offset } of OBK_RAW_CONFIG_OFFSETS) {
    if (checkObkConfig(data, offset)) return { offset, storage: `raw config at the ${platform} address`, config: decodeObkConfig(data, offset) };
  }
  const scanned = locateObkConfig(data);
  if (!scanned) return null;
  return { offset: scanned.offset, storage: scanned.offset === 0 ? 'config file' : 'raw config sector', config: decodeObkConfig(data, scanned.offset) };
}
