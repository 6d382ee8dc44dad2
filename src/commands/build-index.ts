import { statSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import type { CommandModule } from 'yargs';
import { buildIndex, entryOf, type CollectionIndex, type IndexEntry } from './collection/index-model.js';
import { ExitCode } from './exit-codes.js';
import { UserError } from './errors.js';
import { refuseExisting, writeFileAtomic } from './files.js';
import { summarySentence } from './collection/index-text.js';
import { printJson, runCommand, type CommonOptions } from './run.js';
import { numberOption } from './numbers.js';

interface IndexArgs extends CommonOptions {
  dir: string;
  output: string;
  overwrite?: boolean;
  glob?: string[];
  jobs?: number;
  timestamp?: boolean;
}

type IndexFormat = 'html' | 'md' | 'json';

const FORMATS: Record<string, IndexFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.json': 'json' };

function formatOf(output: string): IndexFormat {
  const format = FORMATS[extname(output).toLowerCase()];
  if (!format) throw new UserError(`${output}: the index is written as .html, .md or .json; name the output with one of these extensions`, ExitCode.usage);
  return format;
}

function checkFolder(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UserError(`${dir}: no such folder`);
  }
  if (!isDir) throw new UserError(`${dir}: is a file, not a folder (fwkit inspect reports on one file)`);
}

async function render(index: CollectionIndex, format: IndexFormat): Promise<string> {
  if (format === 'json') return JSON.stringify(index, null, 2) + '\n';
  if (format === 'md') return (await import('./collection/index-markdown.js')).renderIndexMarkdown(index);
  return (await import('./collection/index-html.js')).renderIndexHtml(index);
}

const posix = (path: string): string => path.split(sep).join('/');

export const indexCommand: CommandModule<object, IndexArgs> = {
  command: 'index <dir>',
  describe: 'inspect every file in a folder and write its index: by family and bootloader, identical files, Tuya modules and pins',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the folder of dumps and images (searched recursively; names starting with . are skipped)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'the index file: .html, .md or .json' })
      .option('overwrite', { type: 'boolean', describe: 'replace the index file if it exists' })
      .option('glob', { type: 'string', array: true, describe: 'only files whose path matches (e.g. "*.bin"; a pattern without / matches the name)' })
      .option('jobs', numberOption('jobs', 'threads', { alias: 'j', describe: 'worker threads (default: one per core)' }))
      .option('timestamp', { type: 'boolean', describe: 'write the time of the run into the index (without it, the same files give the same bytes)' })
      .example('$0 index dumps/ -o dumps/index.html', 'a browsable index beside the dumps')
      .example('$0 index dumps/ -o dumps/index.json --overwrite', 'refresh a machine-readable index kept in git'),
  handler: (args) =>
    runCommand(args, async () => {
      const format = formatOf(args.output);
      checkFolder(args.dir);
      refuseExisting(args.output, args.overwrite);
      const { inspectCollection } = await import('./collection/inspect-stream.js');
      const from = dirname(resolve(args.output));
      const entries: IndexEntry[] = [];
      for await (const { found, record } of inspectCollection({ roots: [args.dir], globs: args.glob, jobs: args.jobs, skip: [args.output], progress: !args.json })) {
        entries.push(entryOf(record, found.rel, posix(relative(from, resolve(found.path)))));
      }
      if (entries.length === 0) throw new UserError(`no files found in ${args.dir}${args.glob?.length ? ` matching ${args.glob.join(', ')}` : ''}`);
      const index = buildIndex(entries, args.timestamp ? new Date().toISOString() : undefined);
      writeFileAtomic(args.output, await render(index, format), { overwrite: args.overwrite });
      if (args.json) printJson({ output: args.output, format, ...index.summary });
      else process.stdout.write(`${args.output}: ${summarySentence(index.summary)}\n`);
      return ExitCode.ok;
    }),
};
