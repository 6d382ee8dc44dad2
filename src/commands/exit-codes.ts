/** Process exit codes, the same for every command; listed in `fwkit --help`. */
export const ExitCode = {
  ok: 0,
  /** The command ran, and its answer is "no": not restorable, verify mismatch, diagnosis found a fault. */
  negative: 1,
  usage: 2,
  /** An input file is missing, unreadable, or not what the command needs. */
  badInput: 3,
  /** The serial port or the device failed. */
  device: 4,
  /** fwkit refused to do something unsafe (wrong family, overwriting a file, ...) without an explicit flag. */
  refused: 5,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

export const exitCodeHelp = [
  'Exit codes:',
  '  0  success',
  '  1  done, but the answer is negative (not restorable, verify mismatch, fault diagnosed)',
  '  2  bad command-line usage',
  '  3  bad input file (missing, unreadable, damaged, wrong kind)',
  '  4  serial port or device failure',
  '  5  refused as unsafe without an explicit override flag',
  '  130  interrupted (Ctrl-C): what was done and what remains is printed',
].join('\n');
