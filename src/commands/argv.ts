/** The words after `node fwkit.js` (what yargs' hideBin gives, without loading yargs' helpers). */
export function userArgs(): string[] {
  return process.argv.slice(2);
}
