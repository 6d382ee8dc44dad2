import { basename } from 'node:path';
import type { CommandModule } from 'yargs';
import { checkObkConfig } from '../formats/obk/locate.js';
import { buildObkTemplate } from '../formats/obk/template.js';
import { readTuyaConfig, type TuyaConfig } from '../formats/tuya/config.js';
import { DUMP_ROTATION } from '../formats/beken/rotation.js';
import { inspectImage } from '../formats/inspect.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { readInputFile, writeFileAtomic } from './files.js';
import { cell, keyValueTable } from './render-report.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import { familyName } from '../jobs/json-values.js';
import Table from 'cli-table3';

interface TuyaArgs extends CommonOptions {
  file: string;
  template?: string;
  overwrite?: boolean;
  'show-secrets'?: boolean;
}

/** Why a file holds no Tuya config, in the words a user can act on. */
function whyNotFound(data: Uint8Array): string {
  if (data.every((b) => b === 0xff)) return 'the file is all 0xFF (erased flash)';
  if (checkObkConfig(data, 0)) return 'the file is an OpenBeken config (see fwkit obk), not a Tuya one';
  return 'no KV key block at any sector start and no plain user_param_key in this file';
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

/** Where a file offset sits in the flash: a dump read from 0x11000 with wrap-around holds the flash rotated. */
function flashOffsetOf(offset: number, data: Uint8Array, rotated: boolean): number {
  return rotated ? (offset + DUMP_ROTATION) % data.length : offset;
}

function keyBlockText(offset: number, data: Uint8Array, rotated: boolean): string {
  if (!rotated) return `key block at ${cell(offset)}`;
  return `key block at ${cell(offset)} in the file = flash ${cell(flashOffsetOf(offset, data, rotated))} (the dump is rotated by 0x11000)`;
}

function render(file: string, config: TuyaConfig, data: Uint8Array, rotated: boolean): string {
  if (!config.found) return `${file}: no Tuya configuration found: ${whyNotFound(data)}.\n`;
  const out: string[] = [];
  const s = config.storage;
  out.push(
    keyValueTable([
      ['file', file],
      ['KV storage', s ? `${keyBlockText(s.keyBlockOffset, data, rotated)}, ${s.dataBlocks} data blocks, platform key ${s.platformKey || '-'}` : 'not found'],
      ['protected block', s?.protectedBlockOffset != null ? `at ${cell(s.protectedBlockOffset)} (${s.protectedKeys.join(', ')})` : 'none'],
      ['module', config.module ? `${config.module}${config.chip ? ` (${config.chip})` : ''}` : (config.chip ?? 'unknown')],
      ['user_param_key', config.upkSource === 'kv' ? 'from the KV storage' : config.upkSource === 'plaintext' ? `plain text at ${cell(config.upkOffset)}` : config.upkSource === 'app' ? `the app's default (at ${cell(config.upkOffset)} of the decrypted app)` : 'not found'],
      ['firmware', Object.entries(config.firmware).filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${k} ${String(v)}`).join(', ') || '-'],
    ]),
  );
  if (config.mapping.pins.length) {
    const table = new Table({ head: ['GPIO', 'Tuya key', 'level', 'OpenBeken role', 'channel'], style: { head: [], border: [] } });
    for (const p of config.mapping.pins) table.push([`P${p.pin}`, p.tuyaKey, p.level ?? '-', p.role, p.channel ?? '-']);
    out.push('Pins', table.toString());
  }
  if (config.mapping.commands.length) out.push('OpenBeken startup commands', ...config.mapping.commands.map((c) => `  ${c}`));
  for (const note of config.mapping.notes) out.push(`note: ${note}`);
  for (const u of config.mapping.unmapped) out.push(`unmapped: ${u.tuyaKey} = P${u.pin} (no OpenBeken role for it; set it by hand)`);
  if (config.keys.length) {
    const table = new Table({ head: ['key', 'value'], style: { head: [], border: [] } });
    for (const key of config.keys) {
      const v = config.values[key];
      table.push([key, v ? valueText(v.value) + (v.possiblyStale ? ' (possibly stale)' : '') : '(damaged)']);
    }
    out.push('Storage keys', table.toString());
  }
  for (const problem of config.problems) out.push(`problem: ${problem}`);
  return out.join('\n') + '\n';
}

export const tuyaCommand: CommandModule<object, TuyaArgs> = {
  command: 'tuya <file>',
  describe: 'extract the Tuya configuration (KV storage, user_param_key) and map its GPIOs to OpenBeken',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'full or rotated dump, or a KV-region fragment' })
      .option('template', { type: 'string', describe: 'write an OpenBeken device template (JSON) to this file' })
      .option('overwrite', { type: 'boolean', describe: 'replace the --template file if it exists' })
      .option('show-secrets', { type: 'boolean', describe: 'print Wi-Fi password, device keys and activation data' })
      .example('$0 tuya backup.bin', 'pins, roles and storage keys')
      .example('$0 tuya backup.bin --template device.json', 'also write an OpenBeken template'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const data = readInputFile(args.file);
        const config = readTuyaConfig(data, { showSecrets: !!args['show-secrets'] });
        const rotated = config.storage ? inspectImage(data).rotated : false;
        if (args.template) {
          if (!config.upk && !config.mapping.commands.length) throw new UserError(`${args.file}: no user_param_key or TuyaMCU setting found, so there is no template to write`);
          const template = buildObkTemplate({
            name: `${config.module ?? 'Tuya'} device from ${basename(args.file)}`,
            chip: config.chip,
            board: config.module,
            pins: config.mapping.pins,
            commands: config.mapping.commands,
          });
          writeFileAtomic(args.template, JSON.stringify(template, null, 2) + '\n', { overwrite: !!args.overwrite });
        }
        if (args.json) {
          printJson({
            file: args.file,
            found: config.found,
            ...(config.found ? {} : { reason: whyNotFound(data) }),
            module: config.module,
            family: familyName(config.chip),
            firmware: config.firmware,
            storage: config.storage && { ...config.storage, flashKeyBlockOffset: flashOffsetOf(config.storage.keyBlockOffset, data, rotated) },
            rotated,
            upkSource: config.upkSource,
            upk: config.upk,
            pins: config.mapping.pins.map(({ pin, role, channel, tuyaKey }) => ({ pin, role, channel, tuyaKey })),
            commands: config.mapping.commands,
            notes: config.mapping.notes,
            unmapped: config.mapping.unmapped,
            keys: config.keys,
            values: Object.fromEntries(Object.entries(config.values).map(([k, v]) => [k, v.value])),
            problems: config.problems,
            ...(args.template ? { template: args.template } : {}),
          });
        } else {
          process.stdout.write(render(args.file, config, data, rotated));
          if (args.template) process.stdout.write(`OpenBeken template written to ${args.template}\n`);
        }
        return config.found ? ExitCode.ok : ExitCode.negative;
      },
      args.file,
    ),
};
