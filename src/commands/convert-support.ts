import { statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { FormatError } from '../formats/errors.js';
import type { ImageKind, InspectReport } from '../formats/report.js';
import { parseKey, TUYA_KEY, ZERO_KEY, type BekenKey } from '../formats/beken/cipher.js';
import { KNOWN_KEYS } from '../formats/beken/key-recovery.js';
import { checkOutput } from '../formats/convert/verify.js';
import { familyOption } from './chip-option.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { withOutputOptions, writeOutput, type OutputOptions } from './output.js';

/** Options every conversion shares: the output, --overwrite, --force and the expected --family. */
export interface ConvertArgs extends OutputOptions {
  force?: boolean;
  family?: string;
}

/** --force: go on although the input or the result has problems. */
export function withForceOption<T>(y: Argv<T>) {
  return y.option('force', { type: 'boolean', describe: 'go on even when the input or the result has problems (each one is printed)' });
}

export function withConvertOptions<T>(y: Argv<T>, what: string) {
  return withForceOption(withOutputOptions(y, what)).option('family', familyOption('convert', 'refuse an input of another chip family'));
}

/**
 * Problems found in an input or a result stop the conversion (exit 5) unless --force; with --force
 * each one is printed as a warning and returned, so the JSON report can carry them.
 */
export class Gate {
  readonly forced: string[] = [];

  constructor(private readonly args: ConvertArgs) {}

  check(file: string, problems: string[]): void {
    if (!problems.length) return;
    if (!this.args.force) throw new UserError(`${file}: ${problems.join('; ')}; pass --force to convert anyway`, ExitCode.refused);
    for (const p of problems) {
      this.forced.push(`${file}: ${p}`);
      process.stderr.write(`fwkit: warning (--force): ${file}: ${p}\n`);
    }
  }

  /** The input's own verdict, and its family against --family. */
  input(file: string, report: InspectReport): void {
    this.check(file, [...report.verdict.problems, ...this.familyProblems(report.family)]);
  }

  /** A family found some other way (the app's name inside a plain app) against --family. */
  family(file: string, family: string | null): void {
    this.check(file, this.familyProblems(family));
  }

  private familyProblems(family: string | null): string[] {
    const wanted = this.args.family?.toUpperCase();
    if (!wanted) return [];
    if (!family) return [`its chip family could not be told, so it cannot be checked against ${wanted}`];
    return family.toUpperCase() === wanted ? [] : [`it is a ${family} image, not ${wanted}`];
  }

  /**
   * Re-inspects the result: it must be the kind it was meant to be, without problems. `verdict: false`
   * checks the kind only, for packages under keys inspect does not know.
   */
  output(bytes: Uint8Array, kind: ImageKind, { verdict = true, key }: { verdict?: boolean; key?: BekenKey } = {}): InspectReport {
    const { report, problems, shapeProblems } = checkOutput(bytes, kind, key);
    this.check(this.args.output, verdict ? problems : shapeProblems);
    return report;
  }

  /** Writes atomically (never over an existing file without --overwrite) and reports. */
  write(bytes: Uint8Array, summary: Record<string, unknown>, sentence: string): number {
    writeOutput(this.args, bytes, { ...summary, forced: this.forced }, sentence);
    return ExitCode.ok;
  }
}

/** `tuya`, `zero`, a known key's name, or four hex words. */
export function parseKeyOption(text: string | undefined, fallback: BekenKey | null = TUYA_KEY): BekenKey | null {
  if (text === undefined) return fallback;
  const name = text.trim().toLowerCase();
  if (name === 'zero' || name === 'none') return ZERO_KEY;
  const known = KNOWN_KEYS.find((k) => k.name.toLowerCase() === name);
  if (known) return known.key;
  try {
    return parseKey(text);
  } catch (error) {
    if (error instanceof FormatError) throw new UserError(`--key: ${error.problem}, nor one of tuya, zero, ${KNOWN_KEYS.slice(1).map((k) => k.name).join(', ')}`, ExitCode.usage);
    throw error;
  }
}

/** Unix seconds of a file's modification time: what the SDK packager stamps into headers. */
export function fileTimestamp(path: string): number {
  return Math.floor(statSync(path).mtimeMs / 1000);
}

/** An AES key or IV given as ASCII text of `length` characters (as the SDK passes them) or as hex. */
export function aesOption(text: string | undefined, length: number, option: string): Uint8Array | undefined {
  if (text === undefined) return undefined;
  if (text.length === length) return new TextEncoder().encode(text);
  if (text.length === 2 * length && /^[0-9a-f]+$/i.test(text)) return Uint8Array.from(Buffer.from(text, 'hex'));
  throw new UserError(`--${option} must be ${length} ASCII characters or ${2 * length} hex digits, not ${text.length} characters`, ExitCode.usage);
}

export const keyOptionHelp = 'chip flash key: tuya (default), zero (plaintext chips: BK7231U/M, BK7238, BK7252), uascent, or four hex words "k0 k1 k2 k3"';
