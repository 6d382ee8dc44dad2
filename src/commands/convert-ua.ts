import { toUa } from '../formats/convert/beken-images.js';
import { sourceConversionCommand } from './convert-source-command.js';

export const convertUaCommand = sourceConversionCommand('ua', {
  input: 'input',
  inputHelp: 'QIO image or flash dump',
  describe: 'QIO, full (or rotated) dump, bootloader+app dump or restore image -> UA: the app partition to write at 0x11000',
  what: 'the UA image',
  examples: [
    ['$0 convert ua OpenBK7231N_QIO_1.17.bin -o OpenBK7231N_UA_1.17.bin', 'the UA of a QIO build'],
    ['$0 convert ua backup.bin -o app_UA.bin --json', "a dump's app partition, reported as JSON"],
  ],
  convert: toUa,
  kind: 'ua',
  sentence: (out) => `UA of ${out.app?.name ?? 'the app'}: write it at 0x11000`,
});
