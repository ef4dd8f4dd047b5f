// The kubeconfig reader without js-yaml: what it accepts it must read exactly as js-yaml does, whoever wrote the
// file; what it cannot read so it must leave to js-yaml (undefined).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { readBlockYaml } from '../../src/kube/block-yaml.js';
import { toYaml } from '../../src/output/yaml.js';
import { TRICKY, random, value } from '../yaml-samples.js';

/** Either left to js-yaml or read as js-yaml reads it; true when read. */
function agrees(text: string): boolean {
  const read = readBlockYaml(text);
  if (read !== undefined) expect({ text, read }).toEqual({ text, read: yaml.load(text) });
  return read !== undefined;
}

// The ways kubeconfigs get written: kubectl and client-go (Go YAML: sequences at their key's indent), js-yaml's dump
// (the playground's, indented sequences), its dump with every string quoted, and the plugin's own -o yaml emitter.
const WRITERS: ((doc: unknown) => string)[] = [
  (doc) => yaml.dump(doc),
  (doc) => yaml.dump(doc, { noArrayIndent: true, lineWidth: -1 }),
  (doc) => yaml.dump(doc, { forceQuotes: true, quotingType: '"' }),
  (doc) => yaml.dump(doc, { forceQuotes: true }),
  toYaml,
];

const KEYS = [
  'name',
  'cluster',
  'server',
  'certificate-authority-data',
  'user',
  'token',
  'exec',
  'args',
  'env',
  'x.y/z',
];
const BASE64 = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIC…\n'.repeat(20)).toString('base64');

/** Documents shaped like kubeconfigs: mappings of known keys holding tricky strings, lists and nested mappings. */
function kubeconfigLike(rnd: () => number, depth: number): Record<string, unknown> {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const leaf = () => pick<unknown>([pick(TRICKY), pick(TRICKY), BASE64, 'https://127.0.0.1:6443', true, null, 42]);
  const entries = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
    const key = rnd() < 0.9 ? pick(KEYS) : pick(TRICKY);
    const r = rnd();
    if (depth > 2 || r < 0.4) return [key, leaf()];
    if (r < 0.6) return [key, kubeconfigLike(rnd, depth + 1)];
    if (r < 0.7) return [key, value(rnd, depth + 1)];
    return [
      key,
      Array.from({ length: Math.floor(rnd() * 3) }, () => (rnd() < 0.6 ? kubeconfigLike(rnd, depth + 1) : leaf())),
    ];
  });
  return Object.fromEntries(entries) as Record<string, unknown>;
}

test('generated documents, however written: read as js-yaml reads them, or left to it', () => {
  const rnd = random(20261130);
  let read = 0;
  let total = 0;
  for (let i = 0; i < 600; i++) {
    const doc = kubeconfigLike(rnd, 0);
    for (const write of WRITERS) {
      total++;
      if (agrees(write(doc))) read++;
    }
  }
  // Not a test that passes by declining everything: a quarter of these (numbers and tricky strings aside) are read.
  expect(read / total).toBeGreaterThan(0.2);
});

test('every tricky string, as a value and in a list, as each writer spells it', () => {
  for (const s of TRICKY) for (const write of WRITERS) agrees(write({ k: s, list: [s, { k: [s] }] }));
});

test('kubeconfigs as kubectl and the playground write them are read without js-yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-block-yaml-'));
  const source = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'karmada-apiserver',
    preferences: {},
    clusters: [
      {
        name: 'karmada-apiserver',
        cluster: { server: 'https://172.18.0.2:5443', 'certificate-authority-data': BASE64 },
      },
      {
        name: 'minikube',
        cluster: {
          server: 'https://192.168.49.2:8443',
          'certificate-authority': '/home/me/.minikube/ca.crt',
          extensions: [
            {
              name: 'cluster_info',
              extension: { 'last-update': 'Mon, 30 Nov 2026 11:00:00 UTC', provider: 'minikube.sigs.k8s.io' },
            },
          ],
        },
      },
      { name: 'member1', cluster: { server: 'https://172.18.0.3:6443', 'insecure-skip-tls-verify': true } },
    ],
    contexts: [
      { name: 'karmada-apiserver', context: { cluster: 'karmada-apiserver', user: 'karmada-apiserver' } },
      { name: 'member1', context: { cluster: 'member1', user: 'eks', namespace: 'team-a' } },
    ],
    users: [
      { name: 'karmada-apiserver', user: { 'client-certificate-data': BASE64, 'client-key-data': BASE64 } },
      {
        name: 'eks',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod'],
            env: [{ name: 'AWS_PROFILE', value: 'prod' }],
            interactiveMode: 'IfAvailable',
            provideClusterInfo: false,
          },
        },
      },
    ],
  };
  writeFileSync(join(dir, 'config'), yaml.dump(source));
  // Real kubectl's own spelling of it (Go YAML), as `kubectl config` commands leave a file.
  const written = execFileSync('kubectl', ['config', 'view', '--raw', '--kubeconfig', join(dir, 'config')], {
    encoding: 'utf8',
  });
  // kubectl's, and the plugin's (the playground's kubeconfig). js-yaml's dump folds long strings (`>-`): js-yaml's.
  for (const text of [written, toYaml(source)]) {
    expect({ text, read: readBlockYaml(text) }).toEqual({ text, read: yaml.load(text) });
  }
});

test('what js-yaml reads otherwise, or the subset leaves out, is left to js-yaml', () => {
  for (const text of [
    'a: |\n  block\n',
    'a: &x 1\nb: *x\n',
    'a: {b: c}\n',
    'a: [b]\n',
    'a: b # comment\n',
    '---\na: b\n',
    'a: b\r\nc: d\r\n',
    'a:\tb\n',
    'a: b\na: c\n',
    'True: x\n',
    '__proto__: x\n',
    'a: one\n  two\n',
    'a: 08\n',
    'a: 2001-12-14\n',
    'a: "esc\\n"\n',
    "a: 'open\n",
    'a: é\n',
    '- a\n',
    '  a: b\n',
    'a:\n  - b\n  c: d\n',
    'a:b\n',
    '',
    '# only a comment\n',
  ]) {
    expect({ text, read: readBlockYaml(text) }).toEqual({ text, read: undefined });
  }
});

test('nesting js-yaml refuses (deeper than its maxDepth of 100) is left to it', () => {
  const deep = (levels: number) =>
    Array.from({ length: levels }, (_, k) => `${' '.repeat(k)}a:${k === levels - 1 ? ' b' : ''}`).join('\n') + '\n';
  expect(() => yaml.load(deep(100))).toThrow(/maxDepth/);
  expect(readBlockYaml(deep(100))).toBeUndefined();
  expect(readBlockYaml(deep(5000))).toBeUndefined();
  expect(readBlockYaml(deep(20))).toEqual(yaml.load(deep(20)));
  // A sequence of mappings nests twice a level.
  const items = (levels: number) =>
    Array.from({ length: levels }, (_, k) => `${' '.repeat(2 * k)}- a:${k === levels - 1 ? ' b' : ''}`).join('\n');
  expect(() => yaml.load(`x:\n${items(60)}\n`)).toThrow(/maxDepth/);
  expect(readBlockYaml(`x:\n${items(60)}\n`)).toBeUndefined();
  expect(readBlockYaml(`x:\n${items(10)}\n`)).toEqual(yaml.load(`x:\n${items(10)}\n`));
});

test('null and boolean words and quoted scalars are what js-yaml makes of them', () => {
  expect(readBlockYaml("a: True\nb: NULL\nc: 'it''s'\nd: \"x: y\"\ne:\nf: {}\ng: []\n")).toEqual({
    a: true,
    b: null,
    c: "it's",
    d: 'x: y',
    e: null,
    f: {},
    g: [],
  });
});
