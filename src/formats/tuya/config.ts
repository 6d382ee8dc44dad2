import { chipOfSysEnv, chipOfTuyaModule } from './module.js';
import { mapUpkToObk, type PinMapping } from './pins.js';
import { findUpkInBekenApp } from './app-upk.js';
import { findPlaintextUpk } from './plaintext.js';
import { redactTuyaValue } from './secrets.js';
import { decodeTuyaStorage, type TuyaStorage } from './storage.js';
import { parseUpk, type Upk, type UpkValue } from './upk.js';
import { decodeTuyaValue, type DecodedValue } from './values.js';

export type UpkSource = 'kv' | 'plaintext' | 'app';

/** Everything `fwkit tuya` reports about one file. */
export interface TuyaConfig {
  found: boolean;
  storage: {
    keyBlockOffset: number;
    platformKey: string;
    dataBlocks: number;
    protectedBlockOffset: number | null;
    protectedKeys: string[];
  } | null;
  module: string | null;
  chip: string | null;
  firmware: Record<string, UpkValue>;
  upk: Upk | null;
  upkSource: UpkSource | null;
  upkOffset: number | null;
  keys: string[];
  values: Record<string, DecodedValue & { sumOk: boolean; possiblyStale: boolean }>;
  mapping: PinMapping;
  problems: string[];
}

const FIRMWARE_FIELDS = ['swv', 'bv', 'pv', 'lpv', 'dev_swv', 'pk', 'firmk', 's_id'];

function jsonObject(value: DecodedValue | undefined): Record<string, UpkValue> | null {
  return value?.kind === 'json' && value.value && typeof value.value === 'object' && !Array.isArray(value.value) ? value.value : null;
}

function tuyaMcuBaud(values: TuyaConfig['values']): number | undefined {
  const baud = jsonObject(values.baud_cfg)?.baud ?? jsonObject(values.uart_adapt_params)?.uart_baud;
  return typeof baud === 'number' ? baud : typeof baud === 'string' && /^\d+$/.test(baud) ? Number(baud) : undefined;
}

function decodeValues(storage: TuyaStorage | null): TuyaConfig['values'] {
  const values: TuyaConfig['values'] = {};
  for (const entry of storage?.entries ?? []) {
    if (!entry.sumOk) continue; // a damaged value is listed by name only
    values[entry.name] = { ...decodeTuyaValue(entry.value), sumOk: entry.sumOk, possiblyStale: entry.possiblyStale };
  }
  return values;
}

function upkFrom(text: string, problems: string[], where: string): Upk | null {
  try {
    return parseUpk(text);
  } catch (error) {
    problems.push(`user_param_key ${where} is not readable: ${(error as Error).message}`);
    return null;
  }
}

/** Reads the Tuya configuration from a dump, a rotated dump or a KV-region fragment. */
export function readTuyaConfig(data: Uint8Array, { showSecrets = false } = {}): TuyaConfig {
  const storage = decodeTuyaStorage(data);
  const problems = [...(storage?.problems ?? [])];
  const values = decodeValues(storage);
  let upk: Upk | null = null;
  let upkSource: UpkSource | null = null;
  let upkOffset: number | null = null;
  const stored = storage?.entries.find((e) => e.name === 'user_param_key' && e.sumOk);
  if (stored) {
    upk = upkFrom(new TextDecoder('latin1').decode(stored.value), problems, 'in the KV storage');
    if (upk) upkSource = 'kv';
  }
  if (!upk) {
    const plain = findPlaintextUpk(data);
    if (plain) {
      upk = upkFrom(plain.text, problems, `at 0x${plain.offset.toString(16).toUpperCase()}`);
      if (upk) {
        upkSource = 'plaintext';
        upkOffset = plain.offset;
      }
    }
  }
  if (!upk) {
    const inApp = findUpkInBekenApp(data);
    if (inApp) {
      upk = upkFrom(inApp.text, problems, 'in the app image');
      if (upk) {
        upkSource = 'app';
        upkOffset = inApp.offset;
      }
    }
  }
  const module = typeof upk?.module === 'string' ? upk.module : null;
  const sysEnv = values.em_sys_env?.value;
  const chip = (module && chipOfTuyaModule(module)) || (typeof sysEnv === 'string' ? chipOfSysEnv(sysEnv) : null);
  const di = jsonObject(values.gw_di) ?? {};
  const firmware: Record<string, UpkValue> = {};
  for (const field of FIRMWARE_FIELDS) if (di[field] !== undefined && di[field] !== null && di[field] !== '') firmware[field] = di[field];
  if (typeof sysEnv === 'string') firmware.em_sys_env = sysEnv;
  const baud = tuyaMcuBaud(values);
  const mapping = mapUpkToObk(upk, { tuyaMcuBaud: baud });
  // A TuyaMCU device needs no GPIO map: its MCU drives the hardware.
  if (!upk && storage && baud === undefined) problems.push('no user_param_key: not in the KV storage, not as plain text in the file, not as a default in the app');
  if (!showSecrets) for (const [name, v] of Object.entries(values)) if (v.kind === 'json' || v.kind === 'text') values[name] = { ...v, value: redactTuyaValue(name, v.value) } as typeof v;
  return {
    found: storage !== null || upk !== null,
    storage: storage && {
      keyBlockOffset: storage.keyBlockOffset,
      platformKey: storage.platformKey,
      dataBlocks: storage.arena.length,
      protectedBlockOffset: storage.protectedBlock?.offset ?? null,
      protectedKeys: storage.protectedBlock?.records.map((r) => r.name) ?? [],
    },
    module, chip, firmware, upk, upkSource, upkOffset,
    keys: storage?.entries.map((e) => e.name) ?? [],
    values, mapping, problems,
  };
}
