/**
 * The chip half of the page: pick a port, then identify, back up, write through the gate, verify and
 * restore, each a job of src/jobs with this page's progress bars, messages and browser storage.
 */
import { backupDevice, describeBackup } from '../../src/jobs/backup.js';
import { bekenDevice } from '../../src/jobs/beken-device.js';
import { bekenWrite } from '../../src/jobs/beken-write.js';
import { bouffaloDevice } from '../../src/jobs/bouffalo-device.js';
import { bouffaloWrite } from '../../src/jobs/bouffalo-write.js';
import { hex, JobError } from '../../src/jobs/job-error.js';
import { BouffaloAnswered } from '../../src/jobs/beken-connect.js';
import { CHIP_WORDS, isBouffaloWord } from '../../src/jobs/chip-words.js';
import type { Transport } from '../../src/flash/transport.js';
import type { GateOptions } from '../../src/flash/gate/index.js';
import type { FlashDevice } from '../../src/jobs/device.js';
import type { JobHooks, ProgressSink, Say, WriteEnvironment } from '../../src/jobs/ports.js';
import type { WebSerialPort } from '../../src/flash/web-serial-transport.js';
import { bekenVerify, bouffaloVerify } from '../../src/jobs/verify.js';
import { bekenInfo, bouffaloRomFacts } from '../../src/jobs/info.js';
import { bekenRead, bouffaloRead, type ReadRequest, type ReadStore } from '../../src/jobs/read.js';
import { button, download, el, factTable, fileDrop, readFile } from './dom.js';
import { describeError, failureKind } from './errors.js';
import { openBeken, openBouffalo, type SessionOptions } from './sessions.js';
import { browserBackupStore, browserJournalStore } from './stores.js';
import { choosePort, currentPort, onPortChosen } from './port.js';
import { showWiring } from './wiring.js';

/** The gate's override flags, named as the CLI names them: a refusal's sentence names the one that lifts it. */
const OVERRIDES: Array<[keyof GateOptions, string, string]> = [
  ['overwriteBootloader', '--overwrite-bootloader', 'also write the bootloader region of a full image'],
  ['keepIdentity', '--keep-identity', "another device's dump, keeping this chip's MAC, RF calibration and Tuya keys"],
  ['replaceIdentity', '--replace-identity', "the dump's identity over the chip's (a clone)"],
  ['forceFamily', '--force-family', 'a file built for another chip family'],
  ['forceDamaged', '--force-damaged', 'a file inspect calls not restorable'],
  ['forceOffset', '--force-offset', 'at the offset although the content belongs elsewhere'],
  ['forceNoFirmware', '--force-no-firmware', 'although the device would be left without firmware'],
];

const BAUDS = [115200, 230400, 460800, 921600, 1500000, 2000000];

/** The chip selector offers the CLI's --chip words, auto first (the default, as on the command line). */
const CHIP_LABELS: Record<string, string> = { auto: 'auto (whichever answers)', beken: 'Beken (any BK72xx)', bouffalo: 'Bouffalo (BL602, BL702 or BL616)', bl618: 'BL618 (a BL616)' };
const CHIP_CHOICES = ['auto', ...CHIP_WORDS.filter((word) => word !== 'auto')];

/** Chips the page needs an eflash_loader for (the BL616/BL618 boot ROM has the flash commands itself); auto may find one. */
const needsLoader = (word: string) => word === 'auto' || (isBouffaloWord(word) && word !== 'bl616' && word !== 'bl618');

/** One picked file: its name and bytes. */
interface Picked {
  name: string;
  data: Uint8Array;
}

/** A hex number typed into a field, undefined when the field is empty; named by its CLI option when it is not a number. */
function hexField(input: HTMLInputElement, option: string): number | undefined {
  const text = input.value.trim();
  if (!text) return undefined;
  const value = /^(0x)?[0-9a-f]+$/i.test(text) ? parseInt(text.replace(/^0x/i, ''), 16) : NaN;
  if (!Number.isInteger(value)) throw new JobError(`${option} ${text}: give a hex number, e.g. 0x11000`, 'usage');
  return value;
}

export function devicePanel(root: HTMLElement): void {
  const backups = browserBackupStore();
  const journal = browserJournalStore();
  let image: Picked | null = null;
  let loader: Picked | null = null;
  let busy = false;
  /** What a Beken read that stopped got so far, named by its range. */
  let interrupted: { name: string; data: Uint8Array } | null = null;

  /** Under auto: the port a Bouffalo boot ROM answered on, for the Bouffalo half of the job. */
  let answered: Transport | undefined;

  const chipSelect = el('select', { 'data-input': 'chip' }, ...CHIP_CHOICES.map((word) => el('option', { value: word }, CHIP_LABELS[word] ?? word.toUpperCase())));
  const baudSelect = el('select', { 'data-input': 'baud' }, ...BAUDS.map((b) => el('option', b === 921600 ? { value: String(b), selected: '' } : { value: String(b) }, String(b))));
  const portLabel = el('span', { 'data-status': 'port' }, 'no port chosen');
  const imageLabel = el('span', { 'data-status': 'image' }, 'no image chosen');
  const loaderLabel = el('span', { 'data-status': 'loader' }, 'no loader chosen');
  const loaderRow = el('div', { class: 'row bouffalo-only' }, fileDrop('eflash_loader (.bin)', (file) => void pick(file, (p) => ((loader = p), (loaderLabel.textContent = `${p.name}, ${p.data.length} bytes`))), 'loader'), loaderLabel);
  const bars = el('div', { class: 'bars', 'data-area': 'progress' });
  const messages = el('ol', { class: 'messages', 'data-area': 'messages' });
  const chipFacts = el('div', { 'data-area': 'chip' });
  const backupList = el('div', { 'data-area': 'backups' });
  const offsetInput = el('input', { type: 'text', placeholder: 'e.g. 0x11000', size: '10', 'data-flag': '--offset' });
  const readOffset = el('input', { type: 'text', placeholder: '0x0', size: '10', 'data-input': 'read-offset' });
  const readLength = el('input', { type: 'text', placeholder: 'to the end', size: '10', 'data-input': 'read-length' });
  const overrideBoxes = OVERRIDES.map(([key, flag, what]) => ({ key, box: el('input', { type: 'checkbox', 'data-flag': flag }) , flag, what }));
  const overridePanel = el(
    'details',
    { class: 'overrides' },
    el('summary', {}, 'Overrides: only when a refusal names one and you mean it'),
    el('label', {}, '--offset ', offsetInput, ' write at this address (hex)'),
    ...overrideBoxes.map(({ box, flag, what }) => el('label', {}, box, ` ${flag}: ${what}`)),
  );

  /** The ticked overrides as the gate's options (the CLI's flags). */
  const gateOptions = (): GateOptions => {
    const options: GateOptions = {};
    for (const { key, box } of overrideBoxes) if (box.checked) (options as Record<string, boolean>)[key] = true;
    const offset = hexField(offsetInput, '--offset');
    if (offset !== undefined) options.offset = offset;
    return options;
  };

  const say = (line: string, kind = 'info') => {
    messages.append(el('li', { class: kind }, line));
    messages.scrollTop = messages.scrollHeight;
  };
  const progress = (label: string): ProgressSink => {
    const bar = el('progress', { max: '1', value: '0' });
    const text = el('span', {}, '0%');
    const row = el('div', { class: 'bar', 'data-progress': label }, el('span', { class: 'label' }, label), bar, text);
    bars.append(row);
    return {
      update: (done, total) => {
        bar.max = total;
        bar.value = done;
        text.textContent = `${Math.floor((100 * done) / Math.max(1, total))}%`;
      },
      stop: () => row.classList.add('done'),
    };
  };
  const hooks: JobHooks = { say: (line) => say(line), progress };
  const env: WriteEnvironment = { ...hooks, backups, journal };

  const options = (): SessionOptions => ({
    chip: chipSelect.value,
    baud: Number(baudSelect.value),
    linkTimeoutMs: 20_000,
    loader: loader && { bytes: loader.data, source: loader.name },
    answered,
  });

  async function pick(file: File, keep: (picked: Picked) => void): Promise<void> {
    keep({ name: file.name, data: await readFile(file) });
  }

  /** Runs one job: one at a time, its failure as the CLI's sentence. */
  async function run(name: string, job: () => Promise<void>): Promise<void> {
    if (busy) return;
    if (!currentPort()) {
      say('choose the serial port first (Choose port); see "No port?" below if the list is empty', 'error');
      return;
    }
    busy = true;
    root.dataset.state = `running-${name}`;
    bars.replaceChildren();
    try {
      await job();
      root.dataset.state = `done-${name}`;
    } catch (error) {
      say(describeError(error), `error ${failureKind(error)}`);
      root.dataset.state = `failed-${name}`;
    } finally {
      busy = false;
      await listBackups();
    }
  }

  /**
   * Runs the Beken or the Bouffalo half of a job for the chosen word, as the CLI's flash commands do: a
   * Bouffalo word goes straight to Bouffalo; otherwise Beken first, and under auto a Bouffalo boot ROM that
   * answered instead takes the job over on the port already open.
   */
  async function byVendor<A, B>(beken: () => Promise<A>, bouffalo: () => Promise<B>): Promise<A | B> {
    if (isBouffaloWord(chipSelect.value)) return bouffalo();
    try {
      return await beken();
    } catch (error) {
      if (!(error instanceof BouffaloAnswered)) throw error;
      answered = error.transport;
      try {
        return await bouffalo();
      } finally {
        answered = undefined;
        await error.transport.close().catch(() => undefined);
      }
    }
  }

  async function identify(): Promise<void> {
    await byVendor(async () => {
      const i = await bekenInfo(() => openBeken(currentPort()!, options(), hooks.say));
      chipFacts.replaceChildren(
        factTable(
          [
            ['family', i.family],
            ['download engine', `${i.downloadEngine} (${i.protocol})`],
            ['bootloader', i.bootloader ?? '-'],
            ['flash', `${i.flashName ?? 'unknown part'} (id ${i.flashId ?? '-'}), ${i.flashSize / 1048576} MiB (${i.flashSizeSource})`],
            ['protection', i.protection ? `status 0x${i.protection.status.toString(16)}${i.protection.protected ? ', protected' : ', unprotected'}` : 'unknown'],
            ['baud', String(i.baudRate)],
          ],
          'chip',
        ),
      );
      showWiring(i.family);
      say(`identified a ${i.family} with ${i.flashSize / 1048576} MiB flash`);
    }, async () => {
      const session = await openBouffalo(currentPort()!, options(), hooks.say);
      await session.close();
      const i = session.info;
      const rom = i.bootInfo && bouffaloRomFacts(i.bootInfo);
      const romRows: Array<[string, string]> = rom ? [['boot ROM version', rom.romVersion ?? '-'], ['chip id (eFuse)', rom.chipId ?? '-'], ['flash encryption (eFuse)', rom.encryption]] : [];
      chipFacts.replaceChildren(factTable([['family', i.chip.toUpperCase()], ['flash', `id ${i.jedecId}, ${i.flashSize / 1048576} MiB`], ['loader', i.loader], ...romRows], 'chip'));
      showWiring(i.chip.toUpperCase());
      say(`identified a ${i.chip.toUpperCase()} with ${i.flashSize / 1048576} MiB flash`);
    });
  }

  async function backup(): Promise<void> {
    const result = await byVendor(() => backupWith(openBeken, bekenDevice), () => backupWith(openBouffalo, bouffaloDevice));
    say(describeBackup(result), 'ok');
    download(result.backup.name, await backups.load(result.backup));
  }

  async function backupWith<S extends { close(): Promise<void> }>(open: (port: WebSerialPort, o: SessionOptions, say: Say) => Promise<S>, device: (session: S) => FlashDevice) {
    const session = await open(currentPort()!, options(), hooks.say);
    try {
      return await backupDevice(device(session), backups, hooks);
    } finally {
      await session.close();
    }
  }

  /** A write, or with `restore` a whole-flash backup written back; both through the gate, backup first. */
  async function write(picked: Picked, restore = false): Promise<void> {
    const request = { ...gateOptions(), file: picked.name, data: picked.data, backup: true, restore };
    const verb = restore ? 'restored' : 'wrote';
    await byVendor(async () => {
      const r = await bekenWrite(request, () => openBeken(currentPort()!, options(), hooks.say), env);
      say(`${verb} ${picked.name} (${r.kind}) at ${hex(r.offset)} to the ${r.family}: ${r.bytesWritten / 0x1000} sectors written, ${r.bytesErased / 0x1000} erased, ${r.bytesSkipped / 0x1000} already identical; verified by CRC`, 'ok');
      const kept = r.bootloaderDiffers ?? [];
      if (restore && kept.length) say(`the bootloader part (below 0x11000) still differs from the backup in ${kept.length} sectors, first at ${hex(kept[0]!)}: ${r.notes[0] ?? 'it was not written'}`, 'error negative');
      else if (restore) say('the whole flash now matches the backup', 'ok');
    }, async () => {
      const r = await bouffaloWrite(request, () => openBouffalo(currentPort()!, options(), hooks.say), env);
      say(`${verb} ${picked.name} (${r.kind}) at ${hex(r.offset)} to the ${r.family}: ${r.bytesWritten} bytes written, ${r.bytesSkipped} already identical; verified by the chip's SHA-256`, 'ok');
    });
  }

  /**
   * Reads the flash, or the range typed in, into a download: the CLI's `flash read`. A Beken read that
   * stops keeps what it got in this page, and the next read of the same range goes on from it.
   */
  async function read(): Promise<void> {
    const request: ReadRequest = { offset: hexField(readOffset, '--offset') ?? 0, length: hexField(readLength, '--length') };
    const partialName = `the part read so far of ${hex(request.offset)}+${request.length === undefined ? 'end' : hex(request.length)}`;
    if (interrupted?.name !== partialName) interrupted = null;
    let saved: Uint8Array = new Uint8Array(0);
    const store: ReadStore = {
      checkOutput: () => {},
      partialName,
      hasPartial: () => interrupted !== null,
      partial: () => interrupted!.data,
      appendPartial: (data) => {
        const kept = interrupted ?? { name: partialName, data: new Uint8Array(0) };
        const grown = new Uint8Array(kept.data.length + data.length);
        grown.set(kept.data);
        grown.set(data, kept.data.length);
        interrupted = { name: partialName, data: grown };
      },
      save: (data) => ((saved = data), (interrupted = null)),
    };
    const { r, digest } = await byVendor(
      async () => ({ digest: 'CRC', r: await bekenRead({ ...request, resume: interrupted !== null }, () => openBeken(currentPort()!, options(), hooks.say), store, hooks) }),
      async () => ({ digest: 'SHA-256', r: await bouffaloRead(request, () => openBouffalo(currentPort()!, options(), hooks.say), store, hooks) }),
    );
    download(`${r.family}_${hex(r.offset)}+${hex(r.length)}.bin`, saved);
    say(`read ${r.length} bytes from ${hex(r.offset)} of the ${r.family} at ${r.bytesPerSecond} B/s, every 64 KiB checked by the chip's ${digest}`, 'ok');
  }

  /** Compares the chip with the image, placed where a write would put it, by the chip's own digests. */
  async function verify(picked: Picked): Promise<void> {
    const request = { ...gateOptions(), file: picked.name, data: picked.data };
    await byVendor(async () => {
      const session = await openBeken(currentPort()!, options(), hooks.say);
      try {
        const r = await bekenVerify(request, session, hooks);
        reportVerify(picked.name, r.compared, r.differingSectors, 'sectors', 'by CRC');
      } finally {
        await session.close();
      }
    }, async () => {
      const session = await openBouffalo(currentPort()!, options(), hooks.say);
      try {
        const r = await bouffaloVerify(request, session, hooks);
        reportVerify(picked.name, r.compared, r.differingSectors, 'blocks of 64 KiB', "by the chip's SHA-256");
      } finally {
        await session.close();
      }
    });
  }

  /** The CLI's verify sentence: identical, or how many units differ and the first. */
  function reportVerify(file: string, compared: string, differing: number[], unit: string, how: string): void {
    if (differing.length === 0) say(`the flash holds ${file}: compared ${compared} ${how}, identical`, 'ok');
    else say(`${differing.length} ${unit} differ from ${file}, first at ${hex(differing[0]!)}; compared ${compared} ${how}`, 'error negative');
  }

  async function listBackups(): Promise<void> {
    const list = (await backups.list()).sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
    if (!list.length) {
      backupList.replaceChildren(el('p', {}, 'No backups in this browser yet.'));
      return;
    }
    const rows = list.map((b) =>
      el(
        'tr',
        { 'data-backup': b.name },
        el('td', {}, b.name),
        el('td', {}, `${b.size / 1048576} MiB`),
        el(
          'td',
          {},
          button('Download', () => void backups.load(b).then((data) => download(b.name, data))),
          button('Restore', () => void run('restore', async () => write({ name: b.name, data: await backups.load(b) }, true)), { 'data-action': 'restore' }),
        ),
      ),
    );
    backupList.replaceChildren(el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, el('th', {}, 'backup'), el('th', {}, 'size'), el('th', {}, ''))), el('tbody', {}, ...rows)));
  }

  async function pickPort(): Promise<void> {
    const problem = await choosePort();
    if (problem) say(problem, 'error');
  }
  onPortChosen((label) => {
    portLabel.textContent = label;
    root.dataset.port = 'chosen';
  });

  const withImage = (name: string, job: (picked: Picked) => Promise<void>) => () =>
    void run(name, async () => {
      if (!image) throw new Error('choose an image file first');
      await job(image);
    });

  chipSelect.addEventListener('change', () => {
    const word = chipSelect.value;
    root.classList.toggle('bouffalo', needsLoader(word));
    showWiring(isBouffaloWord(word) ? (word === 'bouffalo' ? 'BL602' : word) : 'BEKEN');
  });
  root.classList.toggle('bouffalo', needsLoader(chipSelect.value));

  root.append(
    el('div', { class: 'row' }, el('label', {}, 'Chip ', chipSelect), el('label', {}, 'Baud ', baudSelect), button('Choose port', () => void pickPort(), { 'data-action': 'port' }), portLabel),
    loaderRow,
    el(
      'div',
      { class: 'row' },
      button('Identify', () => void run('identify', identify), { 'data-action': 'identify' }),
      button('Back up', () => void run('backup', backup), { 'data-action': 'backup' }),
      button('Read', () => void run('read', read), { 'data-action': 'read' }),
      el('label', {}, ' from ', readOffset),
      el('label', {}, ' length ', readLength),
    ),
    el(
      'div',
      { class: 'row' },
      fileDrop('Image to write (.bin)', (file) => void pick(file, (p) => ((image = p), (imageLabel.textContent = `${p.name}, ${p.data.length} bytes`))), 'image'),
      imageLabel,
      button('Write', withImage('write', write), { 'data-action': 'write' }),
      button('Verify', withImage('verify', verify), { 'data-action': 'verify' }),
    ),
    overridePanel,
    bars,
    chipFacts,
    messages,
    el('h3', {}, 'Backups kept in this browser'),
    backupList,
  );
  void listBackups();
}
