/** What every command's help shares, and how fwkit names itself in hints. */
import { basename } from 'node:path';
import type { Argv } from 'yargs';

type Builder = ((y: Argv) => Argv | PromiseLike<Argv> | void) | Record<string, unknown> | undefined;

function withEpilogue(builder: Builder, epilogue: string) {
  return (y: Argv) => {
    const built = typeof builder === 'function' ? builder(y) : y.options((builder ?? {}) as Record<string, never>);
    const argv = built && typeof (built as Argv).epilogue === 'function' ? (built as Argv) : y;
    return argv.epilogue(epilogue);
  };
}

/**
 * Every command and subcommand registered on this yargs instance gets `epilogue` at the end of its
 * --help (yargs shows the top-level epilogue only in the top-level help). Subcommands register on
 * the same instance, so wrapping its `command` once reaches them all.
 */
export function withExitCodesInEveryHelp<T>(y: Argv<T>, epilogue: string): Argv<T> {
  const register = y.command.bind(y) as (...args: unknown[]) => Argv<T>;
  const patched = (...args: unknown[]): Argv<T> => {
    const [first] = args;
    if (first && typeof first === 'object' && !Array.isArray(first)) {
      const module = first as { builder?: Builder };
      return register({ ...module, builder: withEpilogue(module.builder, epilogue) });
    }
    if (args.length >= 3 && (typeof args[2] === 'function' || typeof args[2] === 'object')) {
      args[2] = withEpilogue(args[2] as Builder, epilogue);
    }
    return register(...args);
  };
  (y as unknown as { command: typeof patched }).command = patched;
  return y;
}

/**
 * yargs lays out a command's whole help just before running its handler, kept in case the handler
 * fails later; fwkit's handlers report their own failures in one sentence and never show that help,
 * so the layout (a good part of the start-up of a quick command) is skipped. Help asked for with
 * --help, and the help of a usage error, are laid out when shown, as before.
 */
export function withoutHelpLaidOutBeforeHandlers<T>(y: Argv<T>): Argv<T> {
  const internals = (y as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
  return y;
}

/**
 * The command as the user typed it (fwkit on the PATH, npx fwkit, or node path/to/cli.js), so the
 * commands fwkit prints can be pasted back. `words`: the command and subcommand, e.g. flash read.
 */
export function invokedAs(words: readonly string[] = []): string {
  return [programName(), ...words].join(' ');
}

/**
 * The command words of a command line: the leading words before any option, at most two (command
 * and subcommand), stopping at one that looks like a file (has a dot or a slash).
 */
export function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') || /[./\\]/.test(arg) || words.length === 2) break;
    words.push(arg);
  }
  return words;
}

export function programName(): string {
  const script = process.argv[1] ?? 'fwkit';
  if (process.env.npm_command === 'exec' || process.env.npm_lifecycle_event === 'npx') return 'npx fwkit';
  const name = basename(script);
  // Run through a bin link (global install, npm link, node_modules/.bin): the name the user typed.
  if (!/\.(c|m)?js$/.test(name)) return name;
  return `node ${script}`;
}

/** The annotations yargs puts at the right of an option's description: [string], [default: 20], ... */
const ANNOTATION = /^(.*\S)((?:\[(?:boolean|string|number|array|count|required|deprecated|default: [^\]]*|choices: [^\]]*)\] ?)+)$/;

/**
 * yargs' layout (cliui) puts an option's annotations on the description's last line when they fit,
 * with no space between when that line ends exactly where they begin ("this file[string]"): such
 * annotations go on a line of their own, right-aligned as yargs does when they do not fit.
 */
export function separateAnnotations(help: string, width: number): string {
  return help
    .split('\n')
    .map((line) => {
      const match = ANNOTATION.exec(line);
      if (!match) return line;
      const annotations = match[2]!.trimEnd();
      return `${match[1]}\n${annotations.padStart(Math.max(width, annotations.length))}`;
    })
    .join('\n');
}
