// kubectl 1.32 and later send a built-in kind's body as protobuf (client-go's typed clients: `kubectl create`,
// `kubectl auth`); the simulated API server decodes it as kube-apiserver does, and refuses one for a custom resource.
import https from 'node:https';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { kubectl, pinnedKubectls } from './helpers/kubectl.js';
import { LEAVES, PROTOBUF, decodeProtobuf } from '../src/sim/protobuf.js';
import { MESSAGES } from '../src/sim/proto-schema.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());

const protobufKubectls = pinnedKubectls().filter((p) => Number(/\.1\.(\d+)$/.exec(p)?.[1]) >= 32);

const json = async (binary: string, args: string[]) => {
  const r = await kubectl([...args, '-o', 'json'], t.env, undefined, binary);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, any>;
};

test('kubectl 1.32 and 1.33 are among the pinned binaries', () => {
  expect(protobufKubectls.map((p) => p.slice(-4))).toEqual(expect.arrayContaining(['1.32', '1.33']));
});

test.each(protobufKubectls)('%s creates built-in kinds, sending them as protobuf', async (binary) => {
  const v = binary.slice(-2);
  const ns = await kubectl(['create', 'namespace', `pb${v}`, '-v=8'], t.env, undefined, binary);
  expect(ns.stdout).toBe(`namespace/pb${v} created\n`);
  // The case under test: without protobuf on the wire this test would prove nothing.
  expect(ns.stderr).toContain(`Content-Type: ${PROTOBUF}`);
  const create = async (args: string[]) => {
    const r = await kubectl(['create', ...args, '-n', `pb${v}`], t.env, undefined, binary);
    expect(r.stderr).toBe('');
  };
  await create(['configmap', 'cm', '--from-literal=a=b', '--from-literal=empty=']);
  await create(['deployment', 'web', '--image=nginx:1.25', '--replicas=0', '--port=8080']);
  await create(['service', 'clusterip', 'web', '--tcp=80:http']);
  const cm = await json(binary, ['get', 'configmap', 'cm', '-n', `pb${v}`]);
  expect(cm.data).toEqual({ a: 'b', empty: '' });
  const deploy = await json(binary, ['get', 'deployment', 'web', '-n', `pb${v}`]);
  // A pointer field set to zero stays zero; a zero non-pointer field is left out, as Go's JSON leaves it.
  expect(deploy.spec.replicas).toBe(0);
  expect(deploy.spec.template.spec.containers).toEqual([
    { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 8080 }], resources: {} },
  ]);
  expect(deploy.metadata.labels).toEqual({ app: 'web' });
  const svc = await json(binary, ['get', 'service', 'web', '-n', `pb${v}`]);
  // An IntOrString holding a name.
  expect(svc.spec.ports).toEqual([{ name: '80-http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
  expect(svc.spec.selector).toEqual({ app: 'web' });
});

test.each(protobufKubectls)('%s asks the authorization API (reviews sent as protobuf)', async (binary) => {
  const can = await kubectl(['auth', 'can-i', 'create', 'pods'], t.env, undefined, binary);
  expect(can.stdout).toBe('yes\n');
  // The answer depends on the attributes the review carries: decoded, not just accepted.
  t.sim.api.denials.push({ verb: 'get', resource: 'pods/log', namespace: 'default' });
  try {
    const denied = await kubectl(['auth', 'can-i', 'get', 'pods', '--subresource=log'], t.env, undefined, binary);
    expect(denied.stdout).toBe('no\n');
    const other = await kubectl(
      ['auth', 'can-i', 'get', 'pods', '-n', 'kube-system', '--subresource=log'],
      t.env,
      undefined,
      binary,
    );
    expect(other.stdout).toBe('yes\n');
  } finally {
    t.sim.api.denials.length = 0;
  }
  const who = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], t.env, undefined, binary);
  expect(who.stderr).toBe('');
  expect(who.stdout).not.toBe('');
});

describe('decoding', () => {
  // `kubectl.1.33 create configmap pc --from-literal=a=b -v=9` sends these bytes: every non-pointer field of
  // ObjectMeta is on the wire, empty.
  const CONFIGMAP =
    '6b3873000a0f0a0276311209436f6e6669674d6170121c0a120a02706312001a0022002a0032003800420012060a01611201621a002200';

  test('every type a message refers to is decoded: a scalar, a message of the schema, or one Go marshals by hand', () => {
    const scalars = new Set(['string', 'bytes', 'bool', 'double', 'float', 'int32', 'int64']);
    const referred = Object.values(MESSAGES).flatMap((fields) =>
      fields.flatMap(([, , type]) => type.replace(/^map<|>$/g, '').split(',')),
    );
    const unknown = referred.filter((t) => !scalars.has(t) && !(t in MESSAGES) && !(t in LEAVES));
    expect([...new Set(unknown)]).toEqual([]);
  });

  test('a ConfigMap as kubectl 1.33 encodes it', () => {
    expect(decodeProtobuf(Buffer.from(CONFIGMAP, 'hex'))).toEqual({
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pc' }, data: { a: 'b' } },
    });
  });

  const varint = (n: number) => {
    const out: number[] = [];
    for (let v = BigInt.asUintN(64, BigInt(n)); ; v >>= 7n) {
      if (v < 0x80n) return [...out, Number(v)];
      out.push(Number(v & 0x7fn) | 0x80);
    }
  };
  const field = (num: number, value: Buffer | number) =>
    typeof value === 'number'
      ? Buffer.from([...varint(num * 8), ...varint(value)])
      : Buffer.concat([Buffer.from([...varint(num * 8 + 2), ...varint(value.length)]), value]);
  const str = (s: string) => Buffer.from(s);
  const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
    Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      field(1, Buffer.concat([field(1, str(apiVersion)), field(2, str(kind))])),
      field(2, raw),
    ]);

  test('times, zeros, negative numbers, inline structs and named lists as their JSON forms', () => {
    const meta = Buffer.concat([
      field(1, str('p')),
      // creationTimestamp {seconds, nanos}: RFC 3339 in whole seconds (Time.Unmarshal drops the nanoseconds)
      field(8, Buffer.concat([field(1, 1_700_000_000), field(2, 5)])),
      // deletionTimestamp {seconds: 0}: not empty, so the epoch, not the zero time
      field(9, field(1, 0)),
      // deletionGracePeriodSeconds: a pointer, so its zero counts
      field(10, 0),
    ]);
    // An empty header value and a port 0 have no omitempty, so Go's JSON keeps them; a hostPort 0 has it.
    const header = Buffer.concat([field(1, str('X')), field(2, str(''))]);
    const port = Buffer.concat([field(1, str('p')), field(2, 0), field(3, 0)]);
    const httpGet = Buffer.concat([field(1, str('/healthz')), field(2, field(2, 8080)), field(5, header)]);
    // Probe's handler is inline in JSON; its httpGet port an IntOrString holding a number
    const probe = Buffer.concat([field(1, field(2, httpGet)), field(2, 5)]);
    const container = Buffer.concat([field(1, str('c')), field(6, port), field(10, probe)]);
    const pod = Buffer.concat([field(1, meta), field(2, Buffer.concat([field(2, container), field(4, -1)]))]);
    expect(decodeProtobuf(envelope('v1', 'Pod', pod))).toEqual({
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'p',
          creationTimestamp: '2023-11-14T22:13:20Z',
          deletionTimestamp: '1970-01-01T00:00:00Z',
          deletionGracePeriodSeconds: 0,
        },
        spec: {
          containers: [
            {
              name: 'c',
              ports: [{ name: 'p', containerPort: 0 }],
              livenessProbe: {
                httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X', value: '' }] },
                initialDelaySeconds: 5,
              },
            },
          ],
          terminationGracePeriodSeconds: -1,
        },
      },
    });
    const review = Buffer.concat([
      field(2, field(5, Buffer.concat([field(1, str('k')), field(2, field(1, str('v')))]))),
    ]);
    expect(decodeProtobuf(envelope('authorization.k8s.io/v1', 'SubjectAccessReview', review))).toEqual({
      object: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { extra: { k: ['v'] } } },
    });
  });

  test('a custom resource has no protobuf form; a body that is not the envelope is refused', () => {
    expect(decodeProtobuf(envelope('networking.karmada.io/v1alpha1', 'MultiClusterService', Buffer.alloc(0)))).toEqual({
      custom: { kind: 'MultiClusterService', version: 'v1alpha1' },
    });
    expect(() => decodeProtobuf(Buffer.from('{"kind":"Namespace"}'))).toThrow('expected prefix "k8s\\x00"');
  });

  test('the API server answers 400 to a custom resource sent as protobuf', async () => {
    const config = t.sim.kubeconfig() as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
      users: { user: { token: string } }[];
    };
    const body = envelope('networking.karmada.io/v1alpha1', 'MultiClusterService', Buffer.alloc(0));
    const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = https.request(
        `${t.sim.karmadaUrl}/apis/networking.karmada.io/v1alpha1/namespaces/default/multiclusterservices`,
        {
          method: 'POST',
          ca: Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64'),
          headers: { authorization: `Bearer ${config.users[0]!.user.token}`, 'content-type': PROTOBUF },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({
      reason: 'BadRequest',
      message:
        'MultiClusterService in version "v1alpha1" cannot be handled as a MultiClusterService: object ' +
        '*unstructured.Unstructured does not implement the protobuf marshalling interface and cannot be encoded to a ' +
        'protobuf message',
    });
  });
});
