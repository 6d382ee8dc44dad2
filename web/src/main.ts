/** The page: inspect a file, work with a chip, read its log, wire it. Everything runs here; nothing is sent anywhere. */
import { devicePanel } from './device-panel.js';
import { el, fileDrop, readFile } from './dom.js';
import { renderFile } from './inspect-view.js';
import { logConsole } from './log-console.js';
import { wiringPanel } from './wiring.js';

function panel(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page lacks #${id}`);
  return node;
}

function inspectPanel(root: HTMLElement): void {
  const output = el('div', { 'data-area': 'report' });
  root.append(
    fileDrop('Drop a dump or image here, or click to pick one (.bin, .rbl, .ug...)', (file) => {
      void readFile(file).then((data) => {
        const { element } = renderFile(file.name, data);
        output.replaceChildren(element);
        root.dataset.state = 'inspected';
      });
    }, 'inspect'),
    output,
  );
}

inspectPanel(panel('inspect'));
devicePanel(panel('device'));
logConsole(panel('log'));
wiringPanel(panel('wiring'));
document.body.dataset.ready = 'yes';
