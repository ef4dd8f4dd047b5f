// The -o yaml emitter: whatever it writes must read back as the same data, in YAML 1.2 (js-yaml)
// and in the YAML 1.1 that Kubernetes' Go YAML speaks (checked through real kubectl in expose.test.ts).
import yaml from 'js-yaml';
import { toYaml } from '../src/output/yaml.js';
import { TRICKY, random, value } from './yaml-samples.js';

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
