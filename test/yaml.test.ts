// The -o yaml emitter: whatever it writes must read back as the same data, in YAML 1.2 (js-yaml)
// and in the YAML 1.1 that Kubernetes' Go YAML speaks (checked through real kubectl in expose.test.ts).
import yaml from 'js-yaml';
import { toYaml } from '../src/output/yaml.js';

// Strings that look like something else in YAML 1.1 or 1.2, or need quoting or escaping.
const TRICKY = [
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

function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function value(rnd: () => number, depth: number): unknown {
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

test('every tricky string reads back unchanged, as a value and as a key', () => {
  for (const s of TRICKY) {
    const doc = { [s]: s, list: [s, { [s]: [s] }] };
    expect(yaml.load(toYaml(doc))).toEqual(doc);
    expect(yaml.load(toYaml(s))).toEqual(s);
  }
});

test('random documents read back unchanged', () => {
  const rnd = random(20261125);
  for (let i = 0; i < 2000; i++) {
    const doc = value(rnd, 0);
    const text = toYaml(doc);
    expect({ doc: yaml.load(text), text }).toEqual({ doc, text });
  }
});

test('words and numbers YAML 1.1 reads as booleans, numbers or times are quoted', () => {
  for (const s of [
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    'Yes',
    '1:30',
    '0x1f',
    '1_000',
    '2001-12-14',
    '<<',
    '.5',
    '1e3',
  ]) {
    expect(toYaml({ k: s })).toBe(`k: '${s}'\n`);
  }
});

test('kubectl block style: sequences unindented, mappings in sequences on the dash line, literal blocks', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', labels: { 'app.kubernetes.io/managed-by': 'kubectl-karmada-mcs' }, annotations: {} },
    spec: {
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      selector: { app: 'nginx' },
      types: ['CrossCluster'],
      empty: [],
    },
    data: { script: 'echo hi\necho there\n' },
  };
  expect(toYaml(service)).toBe(`apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app.kubernetes.io/managed-by: kubectl-karmada-mcs
  annotations: {}
spec:
  ports:
  - name: http
    port: 80
    targetPort: 8080
  selector:
    app: nginx
  types:
  - CrossCluster
  empty: []
data:
  script: |
    echo hi
    echo there
`);
  expect(toYaml([[1, 2], []])).toBe('-\n  - 1\n  - 2\n- []\n');
  expect(toYaml({ skipped: undefined, kept: null })).toBe('kept: null\n');
});
