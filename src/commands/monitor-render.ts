/** How the monitor shows lines, probes, findings and its final summary to a person. */
import type { Diagnosis } from '../formats/bootlog/analyzer.js';
import type { Evidence, Finding } from '../formats/bootlog/findings.js';
import type { TimedLine } from '../formats/bootlog/lines.js';
import type { LogPort } from '../formats/bootlog/log-ports.js';
import { diagnosisRows } from '../formats/bootlog/summary.js';
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

const SEVERITY_LABEL = { fault: 'FAULT', warning: 'warning', info: 'note' } as const;

/** An evidence line as quoted under a finding: its time when known, its line number, its text. */
export function renderEvidence(evidence: Evidence): string {
  const time = evidence.atMs === undefined ? '' : `[${(evidence.atMs / 1000).toFixed(3).padStart(8)}] `;
  return `    ${time}line ${evidence.line}: ${printableLine(evidence.text)}`;
}

export function renderFinding(finding: Finding): string {
  return [
    `${SEVERITY_LABEL[finding.severity]} (${finding.code}): ${finding.summary}`,
    ...(finding.evidence.length ? ['  seen in:', ...finding.evidence.map(renderEvidence)] : []),
    `  likely causes: ${finding.likelyCauses.join('; ')}`,
    `  next step: ${finding.nextStep}`,
  ].join('\n') + '\n';
}

export function renderSummary(diagnosis: Diagnosis, logFile: string | undefined): string {
  const rows = diagnosisRows(diagnosis);
  if (logFile) rows.push(['log file', logFile]);
  const findings = diagnosis.findings.length ? diagnosis.findings.map(renderFinding).join('') : 'No problem found in the log.\n';
  return `\n${keyValueTable(rows)}\n${findings}`;
}
