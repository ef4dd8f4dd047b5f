// Kubeconfig files as kubectl, client-go, kind and js-yaml write them: block mappings and sequences of plain keys and
// one-line scalars, in ASCII. js-yaml reads them at about 0.08 ms per context in a fresh process (35–40 ms for the
// contexts of 500 members, read before every command); this reader takes only that subset, in one pass over the
// lines, and answers undefined for anything else (flow collections, block scalars, anchors, tags, escapes, numbers,
// comments after values, tabs, CRLF …), which js-yaml then reads. What it accepts, it reads as js-yaml does
// (test/unit/block-yaml.test.ts compares the two over generated documents).

/** Thrown inside the reader when the text leaves the subset: one instance, made once (a stack costs). */
const OUTSIDE = new Error('outside the subset');

// Tabs, carriage returns and anything not printable ASCII: js-yaml's rules for them are not repeated here.
const NOT_PLAIN_ASCII = /[^\x20-\x7e\n]/;
// Keys that js-yaml reads as these same strings; `True`, `NULL` … would become `true`, `null` (all left to it), and
// `__proto__` must not reach an object's prototype.
const KEY = /^[A-Za-z_][\w./-]*$/;
const SPECIAL_KEYS = /^(?:true|false|null|__proto__)$/i;
const MAX_DEPTH = 64;
const ENTRY = /^[A-Za-z_][\w./-]*:(?: |$)/;
// A plain scalar starting so is a string in js-yaml's default schema (`--region` too): numbers, timestamps, .inf/.nan
// and every indicator start otherwise; null and booleans are the words below.
const PLAIN_START = /^-?[A-Za-z_/]|^--/;
const WORDS = new Map<string, unknown>([
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

function scalar(raw: string): unknown {
  const text = raw.trim();
  const quote = text[0];
  if (quote === "'" || quote === '"') {
    if (text.length < 2 || text[text.length - 1] !== quote) throw OUTSIDE;
    const inner = text.slice(1, -1);
    if (quote === '"') {
      if (inner.includes('"') || inner.includes('\\')) throw OUTSIDE;
      return inner;
    }
    if (!inner.includes("'")) return inner;
    if (inner.replaceAll("''", '').includes("'")) throw OUTSIDE;
    return inner.replaceAll("''", "'");
  }
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (WORDS.has(text)) return WORDS.get(text);
  if (!PLAIN_START.test(text) || text.endsWith(':') || text.includes(': ') || text.includes(' #')) throw OUTSIDE;
  return text;
}

const isItem = (body: string): boolean => body[0] === '-' && (body.length === 1 || body[1] === ' ');

/** The document as js-yaml reads it, or undefined when it is outside the subset (js-yaml must read it). */
export function readBlockYaml(text: string): Record<string, unknown> | undefined {
  if (NOT_PLAIN_ASCII.test(text)) return undefined;
  // The content lines: each one's indent and what follows it. Blank and comment lines carry nothing here.
  const indents: number[] = [];
  const bodies: string[] = [];
  for (const line of text.split('\n')) {
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const body = line.slice(indent).trimEnd();
    if (body === '' || body[0] === '#') continue;
    if (body.startsWith('---') || body.startsWith('...')) return undefined;
    indents.push(indent);
    bodies.push(body);
  }
  const n = bodies.length;
  let i = 0;

  // js-yaml refuses documents nested deeper than 100 (its maxDepth): every mapping and sequence counts, and those
  // nested deeper than MAX_DEPTH are left to it.
  let depth = 0;
  const nest = <T>(read: () => T): T => {
    if (++depth > MAX_DEPTH) throw OUTSIDE;
    const node = read();
    depth--;
    return node;
  };
  const block = (): unknown => (isItem(bodies[i] ?? '') ? sequence(indents[i] ?? 0) : mapping(indents[i] ?? 0, {}));

  /** `key: value` or `key:` followed by a nested block (a sequence may sit at the key's own indent). */
  const entry = (into: Record<string, unknown>, body: string, indent: number): void => {
    const colon = body.indexOf(':');
    const key = body.slice(0, colon);
    if (colon <= 0 || !KEY.test(key) || SPECIAL_KEYS.test(key) || Object.hasOwn(into, key)) throw OUTSIDE;
    const rest = body.slice(colon + 1);
    i++;
    if (rest.trim() === '') {
      const next = indents[i] ?? -1;
      const nested = next > indent || (next === indent && isItem(bodies[i] ?? ''));
      into[key] = nested ? block() : null;
      return;
    }
    if (rest[0] !== ' ') throw OUTSIDE;
    into[key] = scalar(rest);
  };

  const mappingAt = (indent: number, into: Record<string, unknown>): Record<string, unknown> => {
    while (i < n) {
      const at = indents[i] ?? 0;
      if (at < indent) break;
      const body = bodies[i] ?? '';
      if (at > indent || isItem(body)) throw OUTSIDE;
      entry(into, body, indent);
    }
    return into;
  };
  const mapping = (indent: number, into: Record<string, unknown>) => nest(() => mappingAt(indent, into));

  const sequence = (indent: number): unknown[] => nest(() => sequenceAt(indent));
  const sequenceAt = (indent: number): unknown[] => {
    const items: unknown[] = [];
    while (i < n) {
      const at = indents[i] ?? 0;
      const body = bodies[i] ?? '';
      if (at < indent || (at === indent && !isItem(body))) break;
      if (at > indent) throw OUTSIDE;
      let column = 1;
      while (body.charCodeAt(column) === 32) column++;
      const rest = body.slice(column);
      if (rest === '') {
        i++;
        items.push(i < n && (indents[i] ?? 0) > indent ? block() : null);
      } else if (ENTRY.test(rest)) {
        // `- key: value`: a mapping whose keys sit where this first one does.
        items.push(
          nest(() => {
            const item: Record<string, unknown> = {};
            entry(item, rest, indent + column);
            return mappingAt(indent + column, item);
          }),
        );
      } else {
        if (isItem(rest)) throw OUTSIDE;
        items.push(scalar(rest));
        i++;
      }
    }
    return items;
  };

  try {
    if (n === 0 || indents[0] !== 0 || isItem(bodies[0] ?? '')) return undefined;
    return mapping(0, {});
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}
