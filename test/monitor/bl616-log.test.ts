import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseBootLog } from '../../src/formats/bootlog/analyzer.js';
import { classifyLine } from '../../src/formats/bootlog/patterns.js';
import { logPortFor } from '../../src/formats/bootlog/log-ports.js';
import { logChip } from '../../src/commands/chip-option.js';
import { renderWiring } from '../../src/commands/monitor-render.js';
import { receiveAtRate } from '../../src/flash/emulator/uart-line.js';

const text = (lines: string[]) => new TextEncoder().encode(lines.map((line) => `${line}\r\n`).join(''));

/** A BL616 SDK start-up as the analyser reads Bouffalo banners, then an application talking. */
const BL616_BOOT = text([
  'Starting bl616 now....',
  'Booting BL616 Chip...',
  'Build Version: release_bl_iot_sdk_1.6.39',
  ...Array.from({ length: 12 }, (_, i) => `[MAIN] application task ${i} running, heap free ${40000 - i * 16} bytes`),
]);

describe('BL616/BL618 are their own family in the log analysis', () => {
  it('--chip bl616 and bl618 keep their name: the log port is UART0 at 2,000,000 baud on GPIO21', () => {
    for (const word of ['bl616', 'bl618']) {
      const chip = logChip(word);
      assert.equal(chip, word);
      const port = logPortFor(chip!);
      assert.deepEqual([port.family, port.uart, port.txPin, port.baud, port.sameAsFlashing], ['bouffalo', 'UART0', 'TX (GPIO21)', 2000000, true]);
      assert.equal(renderWiring('/dev/ttyUSB0', 2000000, port), "Listening on /dev/ttyUSB0 at 2000000 baud — Bouffalo chips log on UART0: connect the adapter's RX to the chip's TX (GPIO21), the same pin as for flashing. Press Ctrl-C to stop.\n");
    }
    // BL602 and BL702 keep their own pins.
    assert.equal(logPortFor('bl602').txPin, 'TX (GPIO16)');
    assert.equal(logPortFor('bl702').txPin, 'TX (GPIO14)');
  });

  it('a banner or firmware name with BL616 names the chip', () => {
    assert.deepEqual(classifyLine('Booting BL616 Chip...'), { kind: 'boot-stage', bootChip: 'bl616' });
    assert.deepEqual(classifyLine('Starting bl618 now....'), { kind: 'boot-stage', bootChip: 'bl618' });
    const diagnosis = diagnoseBootLog(BL616_BOOT, { baud: 2000000 });
    assert.equal(diagnosis.chipFromBootBanner, 'bl616');
    assert.deepEqual(diagnosis.findings, []);
  });

  it('a BL618 runs BL616 builds: no mismatch; a BL602 named by --chip is one', () => {
    assert.deepEqual(diagnoseBootLog(BL616_BOOT, { baud: 2000000, chip: 'bl618' }).findings, []);
    const other = diagnoseBootLog(BL616_BOOT, { baud: 2000000, chip: 'bl602' });
    assert.deepEqual(other.findings.map((f) => f.code), ['family-mismatch']);
    assert.match(other.findings[0]!.summary + other.findings[0]!.nextStep, /BL602.*BL616|BL616.*BL602/);
  });

  it('listening at 115200 to a BL616 names its 2,000,000 baud log rate', () => {
    const wire = receiveAtRate(BL616_BOOT, 2000000, 115200);
    const diagnosis = diagnoseBootLog(wire, { baud: 115200, chip: 'bl616' });
    assert.deepEqual(diagnosis.findings.map((f) => f.code), ['wrong-baud']);
    assert.match(diagnosis.findings[0]!.summary, /BL616.*2,000,000 baud/);
  });
});
