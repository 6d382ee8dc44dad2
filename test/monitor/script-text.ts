import { bootLogScript, scriptLines, type ScenarioName } from '../../src/flash/emulator/boot-logs.js';

/** The first `lines` lines of a scenario as the bytes a device sends. */
export function scenarioBytes(name: ScenarioName, lines: number): Uint8Array {
  const out: string[] = [];
  for (const line of scriptLines(bootLogScript(name))) {
    if (out.length >= lines) break;
    out.push(`${line}\r\n`);
  }
  return new TextEncoder().encode(out.join(''));
}
