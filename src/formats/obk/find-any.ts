import { findRawObkConfig, type FoundObkConfig } from './find.js';

export type { FoundObkConfig };

/** Finds an OpenBeken config wherever the platforms keep it: raw struct first, then EasyFlash. */
export function findObkConfig(data: Uint8Array): FoundObkConfig | null {
  return findRawObkConfig(data);
}
