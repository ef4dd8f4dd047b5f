// Members the plugin never reads cut from a response's text before parsing: the rest parses exactly as before.
import { withoutManagedFields, withoutStatus } from '../../src/kube/unread.js';

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What JSON.parse gives with every managedFields list (or status object) removed, for comparison. */
function parsedWithout(text: string, name = 'managedFields', is: (v: unknown) => boolean = Array.isArray): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === name && is(value) ? undefined : value));
}

// As kube-apiserver writes them: keys of associative list items are JSON in a string, escaped quotes and all.
const ENTRY = {
  manager: 'kube-controller-manager',
  operation: 'Update',
  apiVersion: 'v1',
  time: '2026-11-30T13:12:01Z',
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } },
  },
};

test.each([
  ['first member', { metadata: { managedFields: [ENTRY], name: 'a' } }],
  ['middle member', { metadata: { name: 'a', managedFields: [ENTRY, ENTRY], uid: 'u' } }],
  ['last member', { metadata: { name: 'a', managedFields: [ENTRY] } }],
  ['only member', { metadata: { managedFields: [ENTRY] } }],
  ['empty list', { metadata: { name: 'a', managedFields: [] } }],
  [
    'in every item of a list',
    { kind: 'List', items: [1, 2, 3].map((i) => ({ metadata: { name: `n${i}`, managedFields: [ENTRY] } })) },
  ],
])('cuts managedFields: %s', (_, object) => {
  const text = JSON.stringify(object);
  const cut = withoutManagedFields(text);
  expect(cut).not.toContain('managedFields');
  expect(JSON.parse(cut)).toEqual(parsedWithout(text));
});

test('strings with quotes, brackets, braces and backslashes inside the list are skipped whole', () => {
  const tricky = { ...ENTRY, manager: 'a "]}" manager \\', fieldsV1: { 'f:data': { 'f:x]}{[': {} } } };
  const text = JSON.stringify({ metadata: { managedFields: [tricky], name: 'x' }, data: { y: '"managedFields":[' } });
  const cut = withoutManagedFields(text);
  expect(JSON.parse(cut)).toEqual({ metadata: { name: 'x' }, data: { y: '"managedFields":[' } });
});

test('a managedFields key whose value is not a list (an annotation, a schema property) is kept', () => {
  const object = {
    metadata: { annotations: { managedFields: 'kept' } },
    spec: { properties: { managedFields: { type: 'array' } } },
  };
  const text = JSON.stringify(object);
  expect(withoutManagedFields(text)).toBe(text);
});

// Keys of a custom resource's free-form maps (a Work's manifests) may end in an escaped quote before the name.
test('a key that only ends in "managedFields" is kept', () => {
  const object = { spec: { 'a"managedFields': [1], b: 2 }, x: { 'x\\"managedFields': [2] } };
  const text = JSON.stringify(object);
  expect(JSON.parse(withoutManagedFields(text))).toEqual(object);
});

test('text without managedFields, or cut short, is returned unchanged', () => {
  const plain = JSON.stringify({ kind: 'ServiceList', items: [{ metadata: { name: 'a' } }] });
  expect(withoutManagedFields(plain)).toBe(plain);
  const truncated = '{"metadata":{"managedFields":[{"manager":"x"';
  expect(withoutManagedFields(truncated)).toBe(truncated);
  expect(withoutManagedFields('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>');
});

// A Node as the kubelet reports it: its status (conditions with a status of their own, images) goes, its spec stays.
test('cuts a status object, and keeps a status that is not an object', () => {
  const node = {
    metadata: { name: 'n', annotations: { status: 'kept' } },
    spec: { podCIDR: '10.244.0.0/24' },
    status: { conditions: [{ type: 'Ready', status: 'True' }], images: [{ names: ['a"}]'] }] },
  };
  const text = JSON.stringify({ kind: 'NodeList', items: [node, node] });
  const cut = withoutStatus(text);
  expect(JSON.parse(cut)).toEqual(parsedWithout(text, 'status', isObject));
  expect(JSON.parse(cut).items[0]).toEqual({ metadata: node.metadata, spec: node.spec });
  const failure = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'm' });
  expect(withoutStatus(failure)).toBe(failure);
});

// Generated objects: the members cut at random places among other members, nested at random depths.
test.each([
  ['managedFields lists', withoutManagedFields, 'managedFields', Array.isArray],
  ['status objects', withoutStatus, 'status', isObject],
])('over generated objects it parses as JSON.parse does with %s removed', (_, cut, name, is) => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const value = (depth: number): unknown => {
    switch (random(depth > 3 ? 4 : 7)) {
      case 0:
        return `s${random(100)}"\\]}{[`;
      case 1:
        return random(1000) - 500;
      case 2:
        return random(2) === 0;
      case 3:
        return null;
      case 4:
        return Array.from({ length: random(4) }, () => value(depth + 1));
      default:
        return object(depth + 1);
    }
  };
  const object = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const n = random(5);
    const at = random(n + 1);
    for (let i = 0; i <= n; i++) {
      if (i === at && random(2) === 0)
        out[name] = random(4)
          ? Array.from({ length: random(3) }, () => (random(2) ? ENTRY : value(depth)))
          : random(2)
            ? { ...ENTRY, nested: value(depth) }
            : value(depth);
      else out[`k${i}`] = value(depth);
    }
    return out;
  };
  for (let i = 0; i < 300; i++) {
    const text = JSON.stringify({ items: [object(0), object(0)] });
    expect(JSON.parse(cut(text))).toEqual(parsedWithout(text, name, is));
  }
});
