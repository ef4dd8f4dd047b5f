// Strings and random documents for the YAML tests: the -o yaml emitter's (yaml.test.ts) and the kubeconfig
// reader's (unit/block-yaml.test.ts).

// Strings that look like something else in YAML 1.1 or 1.2, or need quoting or escaping.
export const TRICKY = [
  '',
  ' ',
  'a b',
  ' lead',
  'trail ',
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'N',
  'true',
  'False',
  'null',
  '~',
  'NULL',
  '0',
  '80',
  '-1',
  '+1',
  '1.0',
  '.5',
  '1e3',
  '0x1f',
  '0o17',
  '1_000',
  '1:30',
  '.inf',
  '-.Inf',
  '.NaN',
  '2001-12-14',
  '2xx',
  'nginx:1.25',
  'http://a.b:80/x?y=z#f',
  'a: b',
  'a:',
  'a #b',
  'a#b',
  '#x',
  '- x',
  '-x',
  '--no-color',
  '?',
  ':x',
  '[x]',
  '{x}',
  'a,b',
  '&a',
  '*a',
  '!tag',
  '|',
  '>',
  "'q'",
  '"d"',
  '%p',
  '@a',
  '`b',
  '<<',
  '=',
  "it's",
  'tab\there',
  'line\nbreak',
  'ends\n',
  'two\n\n',
  '\nstarts',
  'space \nend',
  '  indented\nx',
  'x\n  indented',
  'cr\rlf',
  'nul\u0000',
  'bell\u0007',
  'del\u007f',
  'nbsp\u00a0x',
  'ls\u2028x',
  'bom\ufeffx',
  'é',
  'emoji 🙂',
  '中文',
  'app.kubernetes.io/name',
];

export function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export function value(rnd: () => number, depth: number): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  if (depth > 3 || r < 0.45) {
    return pick<unknown>([
      pick(TRICKY),
      pick(TRICKY),
      Math.floor(rnd() * 1e6) - 5e5,
      rnd() * 100,
      true,
      false,
      null,
      String.fromCharCode(...Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Math.floor(rnd() * 0x3000))),
    ]);
  }
  const n = Math.floor(rnd() * 4);
  if (r < 0.7) return Array.from({ length: n }, () => value(rnd, depth + 1));
  return Object.fromEntries(Array.from({ length: n }, () => [pick(TRICKY), value(rnd, depth + 1)]));
}
