/**
 * fwkit's commands by name: the ones cli.ts registers, and the ones the installed program keeps
 * compiled code for (code-cache.ts), so that the two lists cannot drift apart.
 */
export const COMMAND_NAMES = ['inspect', 'convert', 'bl', 'flash', 'emulate', 'tuya', 'obk', 'redact', 'monitor', 'log', 'index', 'backups'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/** The command a command line names (its first word that is not an option), or null for none or an unknown word. */
export function namedCommand(args: readonly string[]): CommandName | null {
  const word = args.find((arg) => !arg.startsWith('-'));
  return (COMMAND_NAMES as readonly string[]).includes(word ?? '') ? (word as CommandName) : null;
}
