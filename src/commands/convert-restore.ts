import { toRestoreImage } from '../formats/convert/beken-images.js';
import { sourceConversionCommand } from './convert-source-command.js';

export const convertRestoreCommand = sourceConversionCommand('restore', {
  input: 'dump',
  inputHelp: 'full flash dump (a rotated one is put in order first)',
  describe: 'full dump -> restore image: everything from 0x11000 on (app and all data), to write at 0x11000',
  what: 'the restore image',
  examples: [['$0 convert restore backup.bin -o restore_0x11000.bin', 'what a BK7231T (whose bootloader cannot be rewritten) can take back']],
  convert: toRestoreImage,
  kind: 'restore-image',
  summary: { writeAt: 0x11000 },
  sentence: () => 'app and data: write it at 0x11000',
});
