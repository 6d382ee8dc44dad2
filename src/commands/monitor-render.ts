/** How the monitor shows lines, probes, findings and its final summary to a person. */
import type { Diagnosis } from '../formats/bootlog/analyzer.js';
import type { Finding } from '../formats/bootlog/findings.js';
import type { TimedLine } from '../formats/bootlog/lines.js';
import type { LogPort } from '../formats/bootlog/log-ports.js';
import type { Probe } from '../flash/monitor/auto-baud.js';
import { keyValueTable } from './render-report.js';

/** Control and non-ASCII bytes shown as \xNN so noise cannot upset the terminal. */
export function printableLine(text: string): string {
  return text.replace(/[^\x20-\x7e\t]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function renderLine(line: TimedLine, timestamps: boolean): string {
  const stamp = timestamps ? `[${(line.atMs / 1000).toFixed(3).padStart(8)}] ` : '';
  return `${stamp}${printableLine(line.text)}\n`;
}

export function renderWiring(port: string, baud: number, logPort: LogPort | undefined): string {
  const where = logPort
    ? ` — ${logPort.family === 'beken' ? 'Beken' : 'Bouffalo'} chips log on ${logPort.uart}: connect the adapter's RX to the chip's ${logPort.txPin}` +
      (logPort.sameAsFlashing ? ', the same pin as for flashing' : ', not the TX1 used for flashing')
    : '';
  return `Listening on ${port} at ${baud} baud${where}. Press Ctrl-C to stop.\n`;
}

export function renderProbe(probe: Probe): string {
  const { bytes, score } = probe.readability;
  return `  ${String(probe.baud).padStart(7)} baud: ${bytes} bytes, ${(score * 100).toFixed(0)}% readable\n`;
}

export function renderFinding(finding: Finding): string {
  const label = finding.severity === 'fault' ? 'FAULT' : 'warning';
  return [
    `${label} (${finding.code}): ${finding.summary}`,
    `  likely causes: ${finding.likelyCauses.join('; ')}`,
    `  next step: ${finding.nextStep}`,
  ].join('\n') + '\n';
}

export function renderSummary(diagnosis: Diagnosis, logFile: string | undefined): string {
  const rows: Array<[string, string]> = [
    ['verdict', diagnosis.verdict],
    ['baud', String(diagnosis.baud)],
    ['received', `${diagnosis.bytes} bytes, ${diagnosis.lines} lines, ${(diagnosis.readability.score * 100).toFixed(0)}% readable`],
    ['boots seen', String(diagnosis.boots)],
  ];
  if (diagnosis.bootCounter) rows.push(['boot counter', `${diagnosis.bootCounter.first} → ${diagnosis.bootCounter.last}`]);
  if (diagnosis.chipFromBootBanner) rows.push(['chip (boot banner)', diagnosis.chipFromBootBanner.toUpperCase()]);
  if (diagnosis.chipFromFirmware) rows.push(['firmware built for', diagnosis.chipFromFirmware.toUpperCase()]);
  if (logFile) rows.push(['log file', logFile]);
  const findings = diagnosis.findings.length ? diagnosis.findings.map(renderFinding).join('') : 'No problem found in the log.\n';
  return `\n${keyValueTable(rows)}\n${findings}`;
}
