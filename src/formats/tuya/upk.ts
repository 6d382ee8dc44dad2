/**
 * Tuya's non-strict JSON, as in `user_param_key`: `{rl1_pin:26,module:CB2S,crc:101,}` — unquoted keys
 * and values and a trailing comma. Bare plain decimal integers become numbers; everything else stays
 * text (`category:0505`, `Jsonver:1.0.1`, `indep_cfgbt:false`), as the reference extractors do.
 */
export type UpkValue = string | number | boolean | null | UpkValue[] | { [key: string]: UpkValue };
export type Upk = Record<string, UpkValue>;

const DELIMITERS = new Set(['{', '}', '[', ']', ':', ',']);
const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;

class PseudoJsonReader {
  private at = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private fail(expected: string): never {
    throw new SyntaxError(`expected ${expected} at character ${this.at}`);
  }

  private bare(): string {
    const start = this.at;
    while (this.at < this.text.length && !DELIMITERS.has(this.text[this.at])) this.at++;
    return this.text.slice(start, this.at).trim();
  }

  private quoted(): string {
    const start = this.at;
    this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    if (this.at >= this.text.length) this.fail('a closing quote');
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  value(): UpkValue {
    this.skipSpace();
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.quoted();
    const word = this.bare();
    return PLAIN_INTEGER.test(word) && Number.isSafeInteger(Number(word)) ? Number(word) : word;
  }

  private list(close: string, item: () => void): void {
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === close) {
        this.at++;
        return;
      }
      if (this.at >= this.text.length) this.fail(`"${close}"`);
      item();
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) this.fail(`"," or "${close}"`);
    }
  }

  private object(): Record<string, UpkValue> {
    const out: Record<string, UpkValue> = {};
    this.list('}', () => {
      const key = this.text[this.at] === '"' ? this.quoted() : this.bare();
      this.skipSpace();
      if (this.text[this.at] !== ':') this.fail('":"');
      this.at++;
      out[key] = this.value();
    });
    return out;
  }

  private array(): UpkValue[] {
    const out: UpkValue[] = [];
    this.list(']', () => out.push(this.value()));
    return out;
  }

  end(): void {
    this.skipSpace();
    if (this.at < this.text.length) this.fail('the end of the text');
  }
}

/** Parses Tuya pseudo-JSON (strict JSON is a subset). Throws SyntaxError naming the character. */
export function parsePseudoJson(text: string): UpkValue {
  const reader = new PseudoJsonReader(text);
  const value = reader.value();
  reader.end();
  return value;
}

const OLD_FORMAT_RENAMES: Record<string, string> = {
  net_wfst: 'netled',
  dltj_epin_pin: 'ele_pin',
  dltj_ivpin_pin: 'vi_pin',
  dltj_ivcpin_pin: 'sel_pin_pin',
  dltj_ct: 'chip_type',
  dltj_ri: 'resistor',
};

/**
 * Flattens the older nested UPK format (`{"sw":{"ch":[{"bt":{"pin":{"value":10}}}], "net":{...}}}`)
 * into the flat key names of the current format (ch_0_bt_pin -> bt1_pin, net_wfst_pin -> netled_pin).
 */
export function flattenNestedUpk(root: Record<string, UpkValue>): Upk {
  const flat: Upk = {};
  const visit = (prefix: string, value: UpkValue): void => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'value') return visit(prefix, value.value);
      for (const key of keys) visit(prefix ? `${prefix}_${key}` : key, value[key]);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(`${prefix}_${i}`, item));
    } else {
      flat[prefix] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
  };
  visit('', root.sw ?? root);
  const renamed: Upk = {};
  for (const [key, value] of Object.entries(flat)) {
    let name = key.replace(/^ch_(\d+)_(bt|rl|led)/, (_, n: string, kind: string) => `${kind}${Number(n) + 1}`);
    for (const [from, to] of Object.entries(OLD_FORMAT_RENAMES)) if (name.startsWith(from)) name = to + name.slice(from.length);
    renamed[name] = value;
  }
  return renamed;
}

/** Decodes a `user_param_key` text into a flat object; null when it is not an object at all. */
export function parseUpk(text: string): Upk | null {
  const body = text.replace(/\0+$/, '');
  let parsed: UpkValue;
  try {
    parsed = JSON.parse(body) as UpkValue; // the older nested format is strict JSON
  } catch {
    parsed = parsePseudoJson(body);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  if (parsed.sw && typeof parsed.sw === 'object' && !Array.isArray(parsed.sw)) return flattenNestedUpk(parsed);
  return parsed;
}
