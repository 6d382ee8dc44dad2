import { readTuyaConfig } from '../tuya/config.js';

/**
 * The chip a lone Tuya KV region was written by, from what the Tuya decoder reads in it
 * (the module name in user_param_key, or em_sys_env: "BK7231S_2M" for the T, "bk7231n" for the N).
 */
export function kvPlatformFamily(data: Uint8Array): string | null {
  return readTuyaConfig(data).chip;
}
