/**
 * Write jobs with their backups, through the chip emulator (a separate `fwkit emulate` process, paced
 * to wire time, with typical erase/program/CRC times) on a real pseudo-terminal at 921600 baud:
 * the first write of a full image with its whole-flash backup, then a second write after a one-sector
 * change, whose backup is incremental. Each as a ratio to the wire time of the data a write-only
 * flasher (bk7231tools-style) would send, and the second also to the wire time of the changed sector
 * alone. Figures only; nothing is asserted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bekenWrite } from '../src/jobs/beken-write.js';
import type { BekenSession } from '../src/jobs/beken-device.js';
import type { WriteEnvironment } from '../src/jobs/ports.js';
import { fileBackupStore, fileJournalStore } from '../src/commands/storage/file-stores.js';
import { connect, image, startEmulator } from './_emulator.js';

export const name = 'jobs';

const BAUD = 921600;
const SECTOR = 0x1000;
/** An environment that times each phase (backup, write) by its progress display. */
function timedEnvironment(dir: string): { env: WriteEnvironment; phases: Map<string, number> } {
  const phases = new Map<string, number>();
  const env: WriteEnvironment = {
    say: () => {},
    progress: (label) => {
      const started = performance.now();
      return { update: () => {}, stop: () => phases.set(label, (phases.get(label) ?? 0) + (performance.now() - started) / 1000) };
    },
    backups: fileBackupStore(dir),
    journal: fileJournalStore(dir),
  };
  return { env, phases };
}

/** Wire seconds of a write-only flasher sending `bytes` (10 bits a byte). */
const wire = (bytes: number) => (bytes * 10) / BAUD;

export async function run(): Promise<void> {
  const original = image('Allegro_Berge_MI0014_30_x_5_cm_Milio.bin', 'bk7231n-dump.bin');
  const file = image('Kanlux_33643_S_GU10_RGBCCT_Bulb.bin', 'bk7231n-openbeken-dump.bin');
  const dir = mkdtempSync(join(tmpdir(), 'fwkit-bench-jobs-'));
  const chipPath = join(dir, 'chip.bin');
  writeFileSync(chipPath, original);
  const emulator = await startEmulator(chipPath);
  const session = await connect(emulator.port, BAUD);
  const kept: BekenSession = { ...session, close: async () => {} };
  try {
    process.stdout.write(`BK7231N, ${original.length / 1048576} MiB flash, ${BAUD} baud; wire = bytes x 10 / baud\n`);
    for (const [what, data] of [
      ['first write (full image, whole-flash backup)', file],
      ['second write (one sector changed, incremental backup)', changedOneSector(file)],
    ] as const) {
      const { env, phases } = timedEnvironment(join(dir, 'backups'));
      const started = performance.now();
      const result = await bekenWrite({ file: 'bench.bin', data, backup: true, overwriteBootloader: true, replaceIdentity: true }, async () => kept, env);
      const total = (performance.now() - started) / 1000;
      const writeOnly = wire(result.length);
      const changed = wire(result.bytesWritten);
      process.stdout.write(
        `${what}: ${total.toFixed(2)} s (backup ${(phases.get('backup') ?? 0).toFixed(2)} s, write ${(phases.get('write') ?? 0).toFixed(2)} s, rest ${(total - (phases.get('backup') ?? 0) - (phases.get('write') ?? 0)).toFixed(2)} s); ` +
          `${result.bytesWritten / SECTOR} sectors written; ratio to a write-only flasher sending all ${result.length / 1024} KiB: ${(total / writeOnly).toFixed(2)}; ` +
          `to the wire time of the sectors written (${(changed * 1000).toFixed(0)} ms): ${(total / changed).toFixed(2)}\n`,
      );
    }
  } finally {
    await session.close();
    emulator.stop();
  }
}

function changedOneSector(data: Uint8Array): Uint8Array {
  const copy = data.slice();
  copy[0x1e0123] = (copy[0x1e0123]! + 1) & 0xff;
  return copy;
}
