/** A dropped file as the CLI's inspect report, Tuya pin table and template, and OpenBeken config, as tables. */
import { inspectImage } from '../../src/formats/inspect.js';
import { OBK_SECRET_FIELDS } from '../../src/formats/obk/config.js';
import { findObkConfig } from '../../src/formats/obk/find-any.js';
import { buildObkTemplate } from '../../src/formats/obk/template.js';
import { cell, summaryRows } from '../../src/formats/report-text.js';
import type { InspectReport } from '../../src/formats/report.js';
import { readTuyaConfig } from '../../src/formats/tuya/config.js';
import { button, download, el, factTable, gridTable } from './dom.js';
import { describeError } from './errors.js';

function partitionGrid(partitions: InspectReport['partitions']): HTMLTableElement {
  const columns: string[] = [];
  for (const row of partitions) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return gridTable(columns, partitions.map((row) => columns.map((c) => cell(row[c]))), 'partitions');
}

function verdictBlock(report: InspectReport): HTMLElement {
  const v = report.verdict;
  return el(
    'div',
    { class: `verdict ${v.restorable ? 'ok' : 'bad'}`, 'data-verdict': v.restorable ? 'restorable' : 'not-restorable' },
    el('strong', {}, `Verdict: ${v.restorable ? 'RESTORABLE' : 'NOT RESTORABLE'}`),
    el('ul', {}, ...v.problems.map((p) => el('li', { class: 'problem' }, `problem: ${p}`)), ...v.warnings.map((w) => el('li', { class: 'warning' }, `warning: ${w}`))),
  );
}

function inspectSection(file: string, report: InspectReport): HTMLElement {
  const out = el('section', { 'data-section': 'inspect' }, el('h3', {}, 'Inspect'), factTable(summaryRows(file, report), 'summary'));
  if (report.partitions.length) out.append(el('h4', {}, 'Partitions'), partitionGrid(report.partitions));
  for (const section of report.details) out.append(el('h4', {}, section.title), factTable(section.rows, section.title));
  out.append(verdictBlock(report));
  return out;
}

function stem(file: string): string {
  return file.replace(/\.[^.]*$/, '');
}

function tuyaSection(file: string, data: Uint8Array): HTMLElement {
  const config = readTuyaConfig(data, { showSecrets: false });
  const out = el('section', { 'data-section': 'tuya' }, el('h3', {}, 'Tuya configuration'));
  if (!config.found) {
    out.append(el('p', {}, `${file}: no Tuya configuration found.`));
    return out;
  }
  out.append(
    factTable([
      ['module', config.module ? `${config.module}${config.chip ? ` (${config.chip})` : ''}` : (config.chip ?? 'unknown')],
      ['user_param_key', config.upkSource ?? 'not found'],
      ['firmware', Object.entries(config.firmware).filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${k} ${String(v)}`).join(', ') || '-'],
    ]),
  );
  if (config.mapping.pins.length) {
    out.append(el('h4', {}, 'Pins'), gridTable(['GPIO', 'Tuya key', 'level', 'OpenBeken role', 'channel'], config.mapping.pins.map((p) => [`P${p.pin}`, p.tuyaKey, String(p.level ?? '-'), p.role, String(p.channel ?? '-')]), 'tuya-pins'));
  }
  if (config.mapping.commands.length) out.append(el('h4', {}, 'OpenBeken startup commands'), el('pre', {}, config.mapping.commands.join('\n')));
  for (const note of config.mapping.notes) out.append(el('p', { class: 'note' }, `note: ${note}`));
  for (const u of config.mapping.unmapped) out.append(el('p', { class: 'note' }, `unmapped: ${u.tuyaKey} = P${u.pin} (no OpenBeken role for it; set it by hand)`));
  if (config.upk || config.mapping.commands.length) {
    const template = JSON.stringify(buildObkTemplate({ name: `${config.module ?? 'Tuya'} device from ${file}`, chip: config.chip, board: config.module, pins: config.mapping.pins, commands: config.mapping.commands }), null, 2) + '\n';
    const text = el('pre', { class: 'template', 'data-template': 'obk' }, template);
    out.append(
      el('h4', {}, 'OpenBeken template'),
      el(
        'div',
        { class: 'actions' },
        button('Copy template', () => void navigator.clipboard?.writeText(template)),
        button('Download template', () => download(`${stem(file)}-template.json`, template, 'application/json')),
      ),
      text,
    );
  }
  for (const problem of config.problems) out.append(el('p', { class: 'problem' }, `problem: ${problem}`));
  return out;
}

function obkSection(file: string, data: Uint8Array): HTMLElement {
  const found = findObkConfig(data);
  const out = el('section', { 'data-section': 'obk' }, el('h3', {}, 'OpenBeken configuration'));
  if (!found) {
    out.append(el('p', {}, `${file}: no OpenBeken config found.`));
    return out;
  }
  const c = found.config;
  const secret = (field: string, value: string | undefined) => (value ? ((OBK_SECRET_FIELDS as readonly string[]).includes(field) ? 'REDACTED' : value) : '-');
  out.append(
    factTable(
      [
        ['location', `${cell(found.offset)} (${found.storage})`],
        ['version', `${c.version} (${c.length} bytes, ${c.crcVariant} CRC-8)`],
        ['device', `${c.shortDeviceName ?? ''} / ${c.longDeviceName ?? ''}`],
        ['Wi-Fi', `${c.wifiSsid || '-'}${c.wifiPass ? ` (password ${secret('wifiPass', c.wifiPass)})` : ''}`],
        ['MQTT', c.mqttHost ? `${c.mqttUserName || '-'}@${c.mqttHost}:${c.mqttPort}` : '-'],
        ['static IP', c.staticIp && c.staticIp !== '0.0.0.0' ? `${c.staticIp} mask ${c.netmask} gw ${c.gateway}` : 'DHCP'],
      ],
      'obk',
    ),
  );
  if (c.pins.length) out.append(el('h4', {}, 'Pins'), gridTable(['GPIO', 'role', 'channel', 'channel 2'], c.pins.map((p) => [`P${p.pin}`, `${p.roleName} (${p.role})`, String(p.channel), String(p.channel2)]), 'obk-pins'));
  if (c.initCommandLine) out.append(el('h4', {}, 'Startup command line'), el('pre', {}, c.initCommandLine));
  return out;
}

/** The whole report of one file; a file that cannot be read becomes the CLI's one sentence. */
export function renderFile(file: string, data: Uint8Array): { element: HTMLElement; report: InspectReport | null } {
  const started = performance.now();
  try {
    const report = inspectImage(data);
    const element = el('div', { class: 'report', 'data-file': file }, inspectSection(file, report), tuyaSection(file, data), obkSection(file, data));
    element.dataset.inspectMs = (performance.now() - started).toFixed(1);
    return { element, report };
  } catch (error) {
    return { element: el('p', { class: 'error', 'data-error': 'inspect' }, describeError(error, file)), report: null };
  }
}
