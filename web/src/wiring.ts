/**
 * The wiring picture and boot-mode instructions per family, and what to do when no port appears.
 * Pins: Beken downloads on UART1 (RX1 = P10, TX1 = P11) and is reset through CEN; BL602 boots its UART
 * ROM with BOOT = IO8 held high (RX IO7, TX IO16), BL702 with BOOT = IO28 (RX IO15, TX IO14).
 */
import { el } from './dom.js';

interface Wire {
  adapter: string;
  chip: string;
  note?: string;
}

interface FamilyWiring {
  title: string;
  wires: Wire[];
  steps: string[];
}

const BEKEN: FamilyWiring = {
  title: 'Beken BK7231T / BK7231N / BK7238 / BK7252: download on UART1',
  wires: [
    { adapter: 'TX', chip: 'RX1 (P10)' },
    { adapter: 'RX', chip: 'TX1 (P11)' },
    { adapter: 'GND', chip: 'GND' },
    { adapter: '3.3 V', chip: 'VCC', note: 'a supply of 300 mA or more; not 5 V' },
    { adapter: 'RTS (optional)', chip: 'CEN', note: 'lets fwkit reset the chip itself' },
  ],
  steps: [
    'Wire as shown; disconnect anything else on P10/P11 (a TuyaMCU, switch inputs) if the link fails.',
    'Press Identify (or any job): while fwkit is trying, reset the chip by touching CEN to GND for a moment, or power-cycle its 3.3 V.',
    'Logs come out on TX2 (P0) at 115200 baud: move the adapter RX there for the log console.',
  ],
};

/** `loader`: whether flashing needs the eflash_loader (the BL616/BL618 boot ROM has the flash commands itself). */
function bouffalo(name: string, boot: string, rx: string, tx: string, loader = true): FamilyWiring {
  return {
    title: `Bouffalo ${name}: UART boot ROM`,
    wires: [
      { adapter: 'TX', chip: `RX (${rx})` },
      { adapter: 'RX', chip: `TX (${tx})` },
      { adapter: 'GND', chip: 'GND' },
      { adapter: '3.3 V', chip: 'VCC' },
      { adapter: '3.3 V', chip: `BOOT = ${boot}`, note: 'held high while the chip resets' },
      { adapter: 'RTS (optional)', chip: 'EN', note: 'lets fwkit reset the chip itself' },
    ],
    steps: [
      `Hold ${boot} high (to 3.3 V) and reset the module (pull EN low for a moment, or power-cycle it): it starts in its UART boot ROM.`,
      loader
        ? 'Pick the eflash_loader file once (the vendor flash tool ships it); fwkit uploads it to RAM, nothing is written for it.'
        : 'No eflash_loader is needed: this boot ROM reads, writes and erases the flash itself.',
      `After flashing, release ${boot} and reset to run the firmware; logs come out on the same TX at 2000000 baud.`,
    ],
  };
}

const WIRING: Record<string, FamilyWiring> = {
  BEKEN: BEKEN,
  BL602: bouffalo('BL602', 'IO8', 'IO7', 'IO16'),
  BL702: bouffalo('BL702', 'IO28', 'IO15', 'IO14'),
  // UART0 on IO21 (TX) / IO22 (RX), as the SDK's console (bouffalolab/bouffalo_sdk bsp/board/bl616dk/board.c)
  BL616: bouffalo('BL616/BL618', 'IO2', 'IO22', 'IO21', false),
  BL618: bouffalo('BL616/BL618', 'IO2', 'IO22', 'IO21', false),
};

function wiringFor(family: string): FamilyWiring {
  return WIRING[family.toUpperCase()] ?? BEKEN;
}

const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text) node.textContent = text;
  return node;
}

/** Two boxes, the USB-UART adapter and the module, with one line per wire. */
function picture(wiring: FamilyWiring): SVGSVGElement {
  const rowHeight = 34;
  const height = 50 + wiring.wires.length * rowHeight;
  const root = svg('svg', { viewBox: `0 0 640 ${height}`, width: 640, height, role: 'img', 'aria-label': wiring.title, class: 'wiring-picture' });
  root.append(
    svg('rect', { x: 10, y: 10, width: 170, height: height - 20, rx: 8, class: 'box' }),
    svg('text', { x: 95, y: 32, 'text-anchor': 'middle', class: 'box-title' }, 'USB-UART adapter'),
    svg('rect', { x: 400, y: 10, width: 230, height: height - 20, rx: 8, class: 'box' }),
    svg('text', { x: 515, y: 32, 'text-anchor': 'middle', class: 'box-title' }, 'module'),
  );
  wiring.wires.forEach((wire, i) => {
    const y = 56 + i * rowHeight;
    root.append(
      svg('text', { x: 170, y: y + 4, 'text-anchor': 'end', class: 'pin' }, wire.adapter),
      svg('line', { x1: 180, y1: y, x2: 400, y2: y, class: wire.adapter.includes('optional') ? 'wire optional' : 'wire' }),
      svg('circle', { cx: 180, cy: y, r: 4, class: 'dot' }),
      svg('circle', { cx: 400, cy: y, r: 4, class: 'dot' }),
      svg('text', { x: 410, y: y + 4, class: 'pin' }, wire.chip),
    );
    if (wire.note) root.append(svg('text', { x: 290, y: y - 6, 'text-anchor': 'middle', class: 'note' }, wire.note));
  });
  return root;
}

const NO_PORT = [
  'Unplug and re-plug the adapter, then press Choose port again: the list only shows ports present when it opens.',
  'Use a data cable: many USB cables only charge and never show a port.',
  'Install the adapter\'s driver if your system lacks it (CH340/CH341, CP210x or FTDI; Windows and older macOS need it).',
  'On Linux, a port that appears but will not open usually needs your user in the dialout group (log in again after adding it).',
  'Close other programs holding the port (a serial monitor, another flasher, a second tab with this page).',
];

let current: HTMLElement | null = null;

/** Shows the wiring of `family` (a chip name: BK7231N, BL602, BL702, BL616, BL618) in the wiring panel. */
export function showWiring(family: string): void {
  if (!current) return;
  const key = family.toUpperCase().startsWith('BL') ? family.toUpperCase() : 'BEKEN';
  const wiring = wiringFor(key);
  current.dataset.family = key;
  current.replaceChildren(el('h4', {}, wiring.title), picture(wiring), el('ol', {}, ...wiring.steps.map((s) => el('li', {}, s))));
}

export function wiringPanel(root: HTMLElement): void {
  current = el('div', { 'data-area': 'wiring' });
  root.append(current, el('h4', {}, 'No port?'), el('ul', { 'data-area': 'no-port' }, ...NO_PORT.map((s) => el('li', {}, s))));
  showWiring('BEKEN');
}
