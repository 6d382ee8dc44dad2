/** Small DOM helpers: the page has no framework. */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A two-column table; each row carries data-fact="<key>" so tests and users can find a fact. */
export function factTable(rows: Array<[string, string]>, id?: string): HTMLTableElement {
  const table = el('table', { class: 'facts', ...(id ? { 'data-table': id } : {}) });
  for (const [key, value] of rows) table.append(el('tr', { 'data-fact': key }, el('th', {}, key), el('td', {}, value)));
  return table;
}

export function gridTable(head: string[], rows: string[][], id?: string): HTMLTableElement {
  const table = el('table', { class: 'grid', ...(id ? { 'data-table': id } : {}) });
  table.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))));
  const body = el('tbody');
  for (const row of rows) body.append(el('tr', {}, ...row.map((c) => el('td', {}, c))));
  table.append(body);
  return table;
}

export function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const node = el('button', { type: 'button', ...attrs }, label);
  node.addEventListener('click', onClick);
  return node;
}

/** Offers bytes or text as a file download; nothing leaves the machine. */
export function download(name: string, content: Uint8Array | string, type = 'application/octet-stream'): void {
  const part: BlobPart = typeof content === 'string' ? content : (content.slice() as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function readFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** A drop zone plus a file picker: calls `onFile` with each chosen file. */
export function fileDrop(label: string, onFile: (file: File) => void, id: string): HTMLElement {
  const input = el('input', { type: 'file', 'data-input': id });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) onFile(file);
    input.value = '';
  });
  const zone = el('label', { class: 'drop', 'data-drop': id }, el('span', {}, label), input);
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) onFile(file);
  });
  return zone;
}
