/** The command line: yargs with fwkit's commands, each loaded only when asked for. Started by bin.ts. */
import { readFileSync } from 'node:fs';
import yargs from './cli-yargs.cjs';
import { userArgs } from './commands/argv.js';
import { exitCodeHelp } from './commands/exit-codes.js';
import { commandWords, invokedAs, separateAnnotations, withExitCodesInEveryHelp, withoutHelpLaidOutBeforeHandlers } from './commands/help.js';
import { commands } from './commands/registry.js';
import { namedCommand } from './command-names.js';

/** A terminal's width, at most 110 columns so lines stay readable; piped, COLUMNS if set, else 100. */
function helpWidth(): number {
  if (process.stdout.columns) return Math.max(40, Math.min(110, process.stdout.columns));
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : 100;
}

/**
 * fwkit's own version, from its package.json two folders up (from dist/cli and dist/src alike); yargs
 * would look for a package.json from the folder fwkit is run in, and print that one's version.
 */
function programVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Parses the command line and runs the command it names (the process's exit code says how it went). */
export async function runCli(): Promise<void> {
  const args = userArgs();
  const named = namedCommand(args);
  const wanted = named ? [commands[named]] : Object.values(commands);
  const modules = await Promise.all(wanted.map((load) => load()));

  // yargs prints help (and only help) with console.log; commands write to process.stdout.
  const width = helpWidth();
  const log = console.log.bind(console);
  console.log = (...parts: unknown[]) => log(...parts.map((part) => (typeof part === 'string' ? separateAnnotations(part, width) : part)));

  const cli = withExitCodesInEveryHelp(withoutHelpLaidOutBeforeHandlers(yargs(args)), exitCodeHelp)
    .scriptName('fwkit')
    .version(programVersion())
    .usage('$0 <command> [options]\n\nFirmware toolkit for Beken BK72xx and Bouffalo BL602/BL702/BL616 modules.')
    .option('json', { type: 'boolean', describe: 'print one JSON document on stdout instead of tables' })
    .option('debug', { type: 'boolean', describe: 'show stack traces of internal errors' });
  for (const module of modules) cli.command(module);
  await cli
    .demandCommand(1, 'Name a command (see the list above).')
    .strict()
    .recommendCommands()
    .epilogue(exitCodeHelp)
    .fail((message, error, y) => {
      // yargs' own checks and the option parsers (numbers.ts) end here: a usage error, exit 2.
      if (error && error.name !== 'YError') throw error;
      const sentence = message || error?.message || 'bad usage';
      if (args.includes('--json')) process.stdout.write(JSON.stringify({ error: sentence, exitCode: 2 }, null, 2) + '\n');
      // No command: the list of commands is the help. A word that is no command: it, the nearest one and where
      // to look. A known command: the sentence and where its options are listed.
      const word = args.find((arg) => !arg.startsWith('-'));
      if (!named && word === undefined) process.stderr.write(`${y.help()}\n\nfwkit: ${sentence}\n`);
      else if (!named) process.stderr.write(`fwkit: '${word}' is not a command. ${sentence}\n(${invokedAs([])} --help lists the commands)\n`);
      else process.stderr.write(`fwkit: ${sentence}\n(${invokedAs(commandWords(args))} --help lists the options)\n`);
      process.exit(2);
    })
    .help()
    .wrap(width)
    .parseAsync();
}
