#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exitCodeHelp } from './commands/exit-codes.js';
import { inspectCommand } from './commands/inspect.js';
import { blCommand } from './commands/bl.js';
import { convertCommand } from './commands/convert.js';
import { flashCommand } from './commands/flash.js';
import { emulateCommand } from './commands/emulate.js';
import { obkCommand } from './commands/obk.js';
import { redactCommand } from './commands/redact.js';
import { tuyaCommand } from './commands/tuya.js';
import { monitorCommand } from './commands/monitor.js';

await yargs(hideBin(process.argv))
  .scriptName('fwkit')
  .usage('$0 <command> [options]\n\nFirmware toolkit for Beken BK72xx and Bouffalo BL602/BL702 modules.')
  .option('json', { type: 'boolean', describe: 'print one JSON document on stdout instead of tables' })
  .option('debug', { type: 'boolean', describe: 'show stack traces of internal errors' })
  .command(inspectCommand)
  .command(convertCommand)
  .command(blCommand)
  .command(flashCommand)
  .command(emulateCommand)
  .command(tuyaCommand)
  .command(obkCommand)
  .command(redactCommand)
  .command(monitorCommand)
  .demandCommand(1, 'Name a command (see the list above).')
  .strict()
  .epilogue(exitCodeHelp)
  .fail((message, error, y) => {
    if (error) throw error;
    process.stderr.write(`${y.help()}\n\nfwkit: ${message}\n`);
    process.exit(2);
  })
  .help()
  .wrap(Math.min(110, process.stdout.columns || 100))
  .parseAsync();
