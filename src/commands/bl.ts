import type { CommandModule } from 'yargs';
import { blExtractCommand } from './bl-extract.js';
import { blMergeCommand } from './bl-merge.js';
import { blOtaCommand } from './bl-ota.js';
import { blSplitCommand } from './bl-split.js';
import { blWrapCommand } from './bl-wrap.js';

/** `fwkit bl ...`: build and take apart Bouffalo BL602/BL702 images. */
export const blCommand: CommandModule = {
  command: 'bl <command>',
  describe: 'Bouffalo BL602/BL702 images: wrap an app with a boot header, extract parts, make OTA files, merge or split a full image',
  builder: (y) => y.command(blWrapCommand).command(blExtractCommand).command(blOtaCommand).command(blMergeCommand).command(blSplitCommand).demandCommand(1, 'Name a bl command (see the list above).'),
  handler: () => undefined,
};
