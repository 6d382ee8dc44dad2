/**
 * An OpenBeken device template: the JSON shape of OpenBeken's device list, pins as
 * `"<gpio>": "<Role>;<channel>"`, plus chip, board and name; `command` is the startup command line.
 */
export interface ObkTemplate {
  vendor: string;
  bDetailed: string;
  name: string;
  model: string;
  chip: string;
  board: string;
  flags: string;
  keywords: string[];
  pins: Record<string, string>;
  command: string;
  image: string;
  wiki: string;
}

export interface TemplatePin {
  pin: number;
  role: string;
  channel: number | null;
}

export function buildObkTemplate(options: {
  name: string;
  chip: string | null;
  board: string | null;
  pins: TemplatePin[];
  commands: string[];
  vendor?: string;
}): ObkTemplate {
  const pins: Record<string, string> = {};
  for (const p of [...options.pins].sort((a, b) => a.pin - b.pin)) pins[String(p.pin)] = `${p.role};${p.channel ?? 0}`;
  const command = options.commands.length > 1 ? `backlog ${options.commands.join('; ')}` : (options.commands[0] ?? '');
  return {
    vendor: options.vendor ?? 'Tuya',
    bDetailed: '0',
    name: options.name,
    model: options.board ?? '',
    chip: options.chip ?? '',
    board: options.board ?? '',
    flags: '0',
    keywords: [options.board, options.chip].filter((k): k is string => !!k),
    pins,
    command,
    image: '',
    wiki: '',
  };
}
