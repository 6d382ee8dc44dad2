import type { CommandModule } from 'yargs';
import type { CommandName } from '../command-names.js';

export type CommandLoader = () => Promise<CommandModule<any, any>>;

/**
 * Every top-level command, by name. Each loads its own modules (the flasher pulls in serialport): the CLI
 * imports only the one asked for, so `fwkit inspect` does not pay for the others. Help and unknown names
 * load them all; the JSON schema test walks them to find every command that prints JSON.
 */
export const commands: Record<CommandName, CommandLoader> = {
  inspect: async () => (await import('./inspect.js')).inspectCommand,
  convert: async () => (await import('./convert.js')).convertCommand,
  bl: async () => (await import('./bl.js')).blCommand,
  flash: async () => (await import('./flash.js')).flashCommand,
  emulate: async () => (await import('./emulate.js')).emulateCommand,
  tuya: async () => (await import('./tuya.js')).tuyaCommand,
  obk: async () => (await import('./obk.js')).obkCommand,
  redact: async () => (await import('./redact.js')).redactCommand,
  monitor: async () => (await import('./monitor.js')).monitorCommand,
  log: async () => (await import('./log.js')).logCommand,
  index: async () => (await import('./build-index.js')).indexCommand,
  backups: async () => (await import('./backups.js')).backupsCommand,
};
