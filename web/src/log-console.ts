/**
 * The log console: what the device prints, live from the chosen port or from a saved log file, with the
 * boot-log diagnosis of `fwkit monitor` (boot loops, safe mode, wrong UART or baud...) beside it.
 */
import { WebSerialTransport } from '../../src/flash/web-serial-transport.js';
import { BootLogAnalyzer, diagnoseBootLog, type Diagnosis } from '../../src/formats/bootlog/analyzer.js';
import { latin1Of } from '../../src/formats/bytes.js';
import type { ChipName } from '../../src/formats/bootlog/log-ports.js';
import { diagnosisRows } from '../../src/formats/bootlog/summary.js';
import { button, el, factTable, fileDrop, readFile } from './dom.js';
import { describeError } from './errors.js';
import { currentPort } from './port.js';

/** The console keeps the last this many characters on screen. */
const SCREEN_CHARS = 200_000;
const SEVERITY_LABEL = { fault: 'FAULT', warning: 'warning', info: 'note' } as const;
const RATES = [115200, 921600, 1500000, 2000000, 460800, 230400, 57600, 9600];

export function renderDiagnosis(diagnosis: Diagnosis): HTMLElement {
  const out = el('div', { class: `diagnosis ${diagnosis.verdict}`, 'data-verdict': diagnosis.verdict }, factTable(diagnosisRows(diagnosis), 'diagnosis'));
  if (!diagnosis.findings.length) out.append(el('p', {}, 'No problem found in the log.'));
  for (const f of diagnosis.findings) {
    out.append(
      el(
        'div',
        { class: `finding ${f.severity}`, 'data-finding': f.code },
        el('p', {}, el('strong', {}, `${SEVERITY_LABEL[f.severity]} (${f.code}): `), f.summary),
        f.evidence.length ? el('pre', { class: 'evidence' }, f.evidence.map((e) => `line ${e.line}: ${e.text}`).join('\n')) : null,
        el('p', {}, el('em', {}, 'likely causes: '), f.likelyCauses.join('; ')),
        el('p', {}, el('em', {}, 'next step: '), f.nextStep),
      ),
    );
  }
  return out;
}

/** Runs `paint` once, `ms` after the first of any number of calls. */
function throttled(ms: number, paint: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      paint();
    }, ms);
  };
}

export function logConsole(root: HTMLElement): void {
  const rate = el('select', { 'data-input': 'log-baud' }, ...RATES.map((r) => el('option', { value: String(r) }, String(r))));
  const chip = el('select', { 'data-input': 'log-chip' }, el('option', { value: '' }, 'chip: unknown'), ...['bk7231t', 'bk7231n', 'bk7238', 'bl602', 'bl702'].map((c) => el('option', { value: c }, c.toUpperCase())));
  const screen = el('pre', { class: 'console', 'data-area': 'console' });
  const diagnosis = el('div', { 'data-area': 'diagnosis' });
  const status = el('p', { class: 'status' });
  let transport: WebSerialTransport | null = null;

  /** A live capture knows its rate; a saved file is read as `fwkit log` reads it, with the chip if chosen. */
  const context = (live: boolean) => ({ ...(live ? { baud: Number(rate.value) } : {}), ...(chip.value ? { chip: chip.value as ChipName } : {}) });

  async function listen(): Promise<void> {
    const port = currentPort();
    if (!port) {
      status.textContent = 'choose the serial port first (Choose port, above)';
      return;
    }
    if (transport) return;
    try {
      transport = await WebSerialTransport.open(port, Number(rate.value));
    } catch (error) {
      status.textContent = describeError(error);
      return;
    }
    const analyzer = new BootLogAnalyzer(context(true));
    const started = performance.now();
    screen.textContent = '';
    status.textContent = `listening at ${rate.value} baud; reset the device to see it boot`;
    // A chunk can be a few bytes: painting the screen (a relayout of up to SCREEN_CHARS) or diagnosing
    // per chunk would keep the page too busy to take a click, so both are painted on a timer.
    let shown = '';
    const paintScreen = throttled(100, () => {
      screen.textContent = shown;
      screen.scrollTop = screen.scrollHeight;
    });
    const paintDiagnosis = throttled(250, () => diagnosis.replaceChildren(renderDiagnosis(analyzer.diagnose())));
    transport.onData((chunk) => {
      analyzer.push(chunk, performance.now() - started);
      shown = (shown + latin1Of(chunk)).slice(-SCREEN_CHARS);
      paintScreen();
      paintDiagnosis();
    });
    transport.onClose(() => {
      analyzer.flush();
      screen.textContent = shown;
      diagnosis.replaceChildren(renderDiagnosis(analyzer.diagnose()));
      status.textContent = 'stopped';
      transport = null;
    });
  }

  async function stop(): Promise<void> {
    await transport?.close();
  }

  async function openLog(file: File): Promise<void> {
    const data = await readFile(file);
    screen.textContent = latin1Of(data).slice(-SCREEN_CHARS);
    diagnosis.replaceChildren(renderDiagnosis(diagnoseBootLog(data, context(false))));
    status.textContent = `${file.name}: ${data.length} bytes read`;
  }

  root.append(
    el('div', { class: 'row' }, el('label', {}, 'Baud ', rate), chip, button('Listen', () => void listen(), { 'data-action': 'listen' }), button('Stop', () => void stop(), { 'data-action': 'stop' }), fileDrop('or open a saved log', (file) => void openLog(file), 'log')),
    status,
    el('div', { class: 'split' }, screen, diagnosis),
  );
}
