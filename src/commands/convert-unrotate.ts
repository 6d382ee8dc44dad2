import { toUnrotated } from '../formats/convert/beken-images.js';
import { sourceConversionCommand } from './convert-source-command.js';

export const convertUnrotateCommand = sourceConversionCommand('unrotate', {
  input: 'dump',
  inputHelp: 'dump that `inspect` reports as rotated',
  describe: 'a dump read from 0x11000 with wrap-around -> the same dump in flash order',
  what: 'the dump in flash order',
  examples: [['$0 convert unrotate rotated.bin -o backup.bin', 'put a rotated BK7231T read back in order before restoring it']],
  convert: toUnrotated,
  kind: 'full-dump',
  verify: (out, source) =>
    out.app?.name === source.report.app?.name ? [] : [`the app reads as ${out.app?.name ?? 'nothing'} after un-rotating, ${source.report.app?.name ?? 'nothing'} before`],
  sentence: () => 'the dump in flash order',
});
