import type { CommandModule } from 'yargs';
import { OBK_SECRET_FIELDS, type ObkConfig } from '../formats/obk/config.js';
import { findObkConfig, type FoundObkConfig } from '../formats/obk/find-any.js';
import { REDACTED } from '../formats/tuya/secrets.js';
import { ExitCode } from './exit-codes.js';
import { readInputFile } from './files.js';
import { cell, keyValueTable } from './render-report.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import Table from 'cli-table3';

interface ObkArgs extends CommonOptions {
  file: string;
  'show-secrets'?: boolean;
}

function withoutSecrets(config: ObkConfig): ObkConfig {
  const copy = { ...config } as unknown as Record<string, unknown>;
  for (const field of OBK_SECRET_FIELDS) if (typeof copy[field] === 'string' && copy[field] !== '') copy[field] = REDACTED;
  return copy as unknown as ObkConfig;
}

function render(file: string, found: FoundObkConfig): string {
  const c = found.config;
  const rows: Array<[string, string]> = [
    ['file', file],
    ['location', `${cell(found.offset)} (${found.storage})`],
    ['version', `${c.version} (${c.length} bytes, ${c.crcVariant} CRC-8)`],
    ['device', `${c.shortDeviceName ?? ''} / ${c.longDeviceName ?? ''}`],
    ['Wi-Fi', `${c.wifiSsid || '-'}${c.wifiPass ? ` (password ${c.wifiPass})` : ''}`],
  ];
  if (c.wifiSsid2) rows.push(['Wi-Fi 2', `${c.wifiSsid2}${c.wifiPass2 ? ` (password ${c.wifiPass2})` : ''}`]);
  rows.push(
    ['MQTT', c.mqttHost ? `${c.mqttUserName || '-'}@${c.mqttHost}:${c.mqttPort}${c.mqttPass ? ` (password ${c.mqttPass})` : ''}` : '-'],
    ['MQTT client / group', `${c.mqttClientId || '-'} / ${c.mqttGroup || '-'}`],
    ['web password', c.webPassword ? c.webPassword : '-'],
    ['static IP', c.staticIp && c.staticIp !== '0.0.0.0' ? `${c.staticIp} mask ${c.netmask} gw ${c.gateway} dns ${c.dns}` : 'DHCP'],
    ['flags', `0x${(c.genericFlags ?? 0).toString(16)} 0x${(c.genericFlags2 ?? 0).toString(16)}`],
    ['saves / OTAs', `${c.changeCounter} / ${c.otaCounter}`],
  );
  const out = [keyValueTable(rows)];
  if (c.pins.length) {
    const table = new Table({ head: ['GPIO', 'role', 'channel', 'channel 2'], style: { head: [], border: [] } });
    for (const p of c.pins) table.push([`P${p.pin}`, `${p.roleName} (${p.role})`, p.channel, p.channel2]);
    out.push('Pins', table.toString());
  } else out.push('Pins: none assigned');
  if (c.initCommandLine) out.push('Startup command line', `  ${c.initCommandLine}`);
  return out.join('\n') + '\n';
}

export const obkCommand: CommandModule<object, ObkArgs> = {
  command: 'obk <file>',
  describe: 'read the OpenBeken configuration (Wi-Fi, MQTT, pins) from a dump or a config file',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'flash dump (BK7231T/N, BL602, ...) or a saved config' })
      .option('show-secrets', { type: 'boolean', describe: 'print the Wi-Fi, MQTT and web passwords' })
      .example('$0 obk backup.bin', 'Wi-Fi, MQTT and pin roles'),
  handler: (args) =>
    runCommand(
      args,
      () => {
        const data = readInputFile(args.file);
        const found = findObkConfig(data);
        if (!found) {
          if (args.json) printJson({ file: args.file, found: false });
          else process.stdout.write(`${args.file}: no OpenBeken config found (no valid "CFG" struct at any sector start or known address, and no EasyFlash record holding one)\n`);
          return ExitCode.negative;
        }
        const shown = { ...found, config: args['show-secrets'] ? found.config : withoutSecrets(found.config) };
        if (args.json) printJson({ file: args.file, found: true, offset: shown.offset, storage: shown.storage, config: shown.config });
        else process.stdout.write(render(args.file, shown));
        return ExitCode.ok;
      },
      args.file,
    ),
};
