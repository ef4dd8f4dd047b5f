// YAML for -o yaml: JSON-shaped data (what the API returns) in kubectl's block style. Our own
// emitter because js-yaml takes longer to load than an offline `expose --dry-run=client` may
// take in all; js-yaml still parses kubeconfigs. Strings that YAML 1.1 (Kubernetes' Go YAML) or
// 1.2 would read as anything but the same string are quoted.

/** One YAML document for value, ending in a newline. */
export function toYaml(value: unknown): string {
  // block() starts with the separator a parent would need: a newline or a space.
  return `${typeof value === 'object' && value !== null ? block(value, '').slice(1) : scalar(value)}\n`;
}

/** value after `key:` or `- ` at indent: either ` scalar` or a nested block on the next lines. */
function block(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    // Sequences in mappings are not indented further, as kubectl prints them.
    return value.map((item) => `\n${indent}-${inline(item, `${indent}  `)}`).join('');
  }
  if (isMapping(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return ' {}';
    return entries
      .map(([k, v]) => `\n${indent}${scalar(k)}:${Array.isArray(v) ? block(v, indent) : block(v, `${indent}  `)}`)
      .join('');
  }
  return ` ${scalar(value, indent)}`;
}

/** An item after `- `: a mapping's first key shares the dash's line. */
function inline(value: unknown, indent: string): string {
  const text = block(value, indent);
  return isMapping(value) && text.startsWith('\n') ? ` ${text.slice(1 + indent.length)}` : text;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A scalar; with the indent of a value's lines, a multi-line string may be a literal block. */
function scalar(value: unknown, indent?: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'boolean') return String(value);
  const s = typeof value === 'string' ? value : text(value);
  if (isPlain(s)) return s;
  if (!NON_PRINTABLE.test(s)) {
    if (!s.includes('\n')) return `'${s.replaceAll("'", "''")}'`;
    if (indent !== undefined && /^[^\s]/.test(s) && !/[ \t]\n|[ \t]$/.test(s)) return literal(s, indent);
  }
  return JSON.stringify(s);
}

/** block() writes every object itself: only a value outside JSON's types (bigint, symbol) is left to String(). */
const text = (value: unknown): string => String(value);

/** A multi-line string as a literal block (`|`), keeping its trailing newlines exactly. */
function literal(s: string, indent: string): string {
  const body = s.replace(/\n+$/, '');
  const trailing = s.length - body.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = (trailing > 1 ? `${body}${'\n'.repeat(trailing - 1)}` : body).split('\n');
  return `|${chomp}${lines.map((l) => (l ? `\n${indent}${l}` : '\n')).join('')}`;
}

// Control characters (but tab), and the characters YAML treats as line breaks or a byte-order mark.
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;
// Words YAML 1.1 or 1.2 reads as null or a boolean, and anything that starts like a number
// (including 1.1's 1_000, 0x1f, 0o17 and 1:30 base 60) or a timestamp.
const RESERVED = /^(?:~|null|true|false|y|n|yes|no|on|off|<<)$/i;
const NUMBERISH = /^[-+]?(?:\.?[0-9]|\.(?:inf|nan)$)|^\.(?:inf|nan)$/i;

function isPlain(s: string): boolean {
  return (
    s !== '' &&
    !RESERVED.test(s) &&
    !NUMBERISH.test(s) &&
    // Indicators that may not start a plain scalar, and spaces at either end.
    !/^[-?:,[\]{}#&*!|>'"%@`\s]|\s$/.test(s) &&
    // A key/value or comment separator inside, or a colon at the end.
    !/: |:$| #|\t/.test(s) &&
    !/[\n\r]/.test(s) &&
    !NON_PRINTABLE.test(s)
  );
}
