// managedFields and a kind node's images as real clusters show them (src/sim/fields.ts, src/sim/nodes.ts), read back
// with real kubectl: who wrote each part of the objects the simulated components write, the API server's own entries
// for kubectl's writes, and kubectl hiding them unless asked.
import { request } from 'node:https';
import yaml from 'js-yaml';
import { type TestSim, startTestSim } from './helpers/sim.js';
import { kubectl } from './helpers/kubectl.js';

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Record<string, any>;
  subresource?: string;
}

let t: TestSim;
beforeAll(async () => {
  // member1 provides nginx to member2 (the healthy scenario); member3 is a Pull member with its karmada-agent.
  t = await startTestSim({ scenario: 'healthy', pullMembers: ['member3'], agentGate: true });
  t.sim.settle();
});
afterAll(() => t.stop());

/** `kubectl get -o yaml --show-managed-fields` of one object, parsed. */
async function shown(context: string, args: string[]): Promise<any> {
  const r = await kubectl(['--context', context, 'get', ...args, '-o', 'yaml', '--show-managed-fields'], t.env);
  expect(r.stderr).toBe('');
  return yaml.load(r.stdout);
}

const writers = (o: any) =>
  (o.metadata.managedFields as Entry[]).map((e) => [e.manager, e.operation, e.subresource ?? '']);
const entry = (o: any, manager: string, subresource?: string): Entry =>
  (o.metadata.managedFields as Entry[]).find((e) => e.manager === manager && e.subresource === subresource)!;

describe("a kind node: kind's writers, and the kubelet's images", () => {
  test('kubelet registers it, kubeadm and kube-controller-manager complete it, the kubelet patches its status', async () => {
    const node = await shown('member1', ['node', 'member1-control-plane']);
    expect(writers(node)).toEqual([
      ['kubelet', 'Update', ''],
      ['kubeadm', 'Update', ''],
      ['kube-controller-manager', 'Update', ''],
      ['kubelet', 'Update', 'status'],
    ]);
    for (const e of node.metadata.managedFields as Entry[]) {
      expect(e).toMatchObject({ apiVersion: 'v1', fieldsType: 'FieldsV1' });
      expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(entry(node, 'kubelet').fieldsV1).toEqual({
      'f:metadata': {
        'f:annotations': { '.': {}, 'f:volumes.kubernetes.io/controller-managed-attach-detach': {} },
        'f:labels': {
          '.': {},
          'f:beta.kubernetes.io/arch': {},
          'f:beta.kubernetes.io/os': {},
          'f:kubernetes.io/arch': {},
          'f:kubernetes.io/hostname': {},
          'f:kubernetes.io/os': {},
        },
      },
      'f:spec': { 'f:providerID': {} },
    });
    // node IPAM's podCIDRs is a set (listType=set): its item is named by value
    expect(entry(node, 'kube-controller-manager').fieldsV1['f:spec']).toEqual({
      'f:podCIDR': {},
      'f:podCIDRs': { '.': {}, 'v:"10.10.0.0/24"': {} },
    });
    // status.conditions is a map by type; status.images is atomic
    const status = entry(node, 'kubelet', 'status').fieldsV1['f:status'];
    expect(status['f:conditions']['k:{"type":"Ready"}']).toEqual({
      'f:lastHeartbeatTime': {},
      'f:lastTransitionTime': {},
      'f:message': {},
      'f:reason': {},
      'f:status': {},
    });
    expect(status['f:conditions']['k:{"type":"MemoryPressure"}']).toEqual({ 'f:lastHeartbeatTime': {} });
    expect(status['f:images']).toEqual({});
  });

  test("status.images lists kind's preloaded images and what the pods pulled, largest first", async () => {
    const images = async (cluster: string) =>
      (await shown(cluster, ['node', `${cluster}-control-plane`])).status.images as {
        names: string[];
        sizeBytes: number;
      }[];
    const member1 = await images('member1');
    const names = member1.flatMap((i) => i.names);
    for (const name of [
      'registry.k8s.io/kube-apiserver:v1.31.2',
      'registry.k8s.io/kube-controller-manager:v1.31.2',
      'registry.k8s.io/kube-scheduler:v1.31.2',
      'registry.k8s.io/kube-proxy:v1.31.2',
      'registry.k8s.io/etcd:3.5.15-0',
      'registry.k8s.io/coredns/coredns:v1.11.3',
      'registry.k8s.io/pause:3.10',
      'docker.io/kindest/kindnetd:v20241108-5c6d2daf',
      'docker.io/kindest/local-path-provisioner:v20241108-5c6d2daf',
      'docker.io/kindest/local-path-helper:v20230510-486859a6',
      'docker.io/library/nginx:latest',
    ]) {
      expect(names).toContain(name);
    }
    // an imported image: its import digest name, then its tags; a pulled one: its repo digest, then its tag
    expect(member1[0]!.names).toEqual([
      expect.stringMatching(/^docker\.io\/library\/import-\d{4}-\d\d-\d\d@sha256:[0-9a-f]{64}$/),
      'registry.k8s.io/kube-apiserver-amd64:v1.31.2',
      'registry.k8s.io/kube-apiserver:v1.31.2',
    ]);
    expect(member1.find((i) => i.names.includes('docker.io/library/nginx:latest'))!.names).toEqual([
      expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
      'docker.io/library/nginx:latest',
    ]);
    const sizes = member1.map((i) => i.sizeBytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(member1.every((i) => i.names.length >= 1 && i.names.length <= 5)).toBe(true);
    // curl runs in member2, nginx does not
    const member2 = (await images('member2')).flatMap((i) => i.names);
    expect(member2).toContain('docker.io/curlimages/curl:8.11.0');
    expect(member2).not.toContain('docker.io/library/nginx:latest');
    expect(member2).toContain('registry.k8s.io/pause:3.10');
  });

  test('kubectl hides managedFields unless asked; the API returns them', async () => {
    const plain = await kubectl(['--context', 'member1', 'get', 'node', 'member1-control-plane', '-o', 'yaml'], t.env);
    expect(plain.stdout).not.toContain('managedFields');
    expect(plain.stdout).toContain('sizeBytes');
    const raw = await kubectl(
      ['get', '--raw', '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/api/v1/nodes/member1-control-plane'],
      t.env,
    );
    expect(JSON.parse(raw.stdout).metadata.managedFields).toHaveLength(4);
  });
});

test("a pod: kube-controller-manager's create (not the binding's nodeName), the kubelet's status", async () => {
  const list = await shown('member1', ['pods', '-l', 'app=nginx']);
  const pod = list.items[0];
  // a create's status is reset by the API server: the controller that created the pod owns none of it
  expect(writers(pod).sort()).toEqual([
    ['kube-controller-manager', 'Update', ''],
    ['kubelet', 'Update', 'status'],
  ]);
  const spec = entry(pod, 'kube-controller-manager').fieldsV1['f:spec'];
  expect(spec['f:nodeName']).toBeUndefined();
  // containers are a map by name, their ports by containerPort and protocol
  expect(Object.keys(spec['f:containers'])).toEqual(['k:{"name":"nginx"}']);
  expect(Object.keys(spec['f:containers']['k:{"name":"nginx"}']['f:ports'])).toEqual([
    '.',
    'k:{"containerPort":80,"protocol":"TCP"}',
  ]);
  expect(Object.keys(entry(pod, 'kubelet', 'status').fieldsV1['f:status'])).toEqual([
    'f:conditions',
    'f:containerStatuses',
    'f:hostIP',
    'f:phase',
    'f:podIP',
    'f:startTime',
  ]);
});

describe('what Karmada writes', () => {
  test("a member's Service: the execution controller's fields, not the clusterIPs the member allocates", async () => {
    const svc = await shown('member2', ['service', 'nginx']);
    expect(writers(svc)).toEqual([['karmada-controller-manager', 'Update', '']]);
    const spec = entry(svc, 'karmada-controller-manager').fieldsV1['f:spec'];
    // spec.ports is a map keyed by port and protocol
    expect(spec['f:ports']).toEqual({
      '.': {},
      'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} },
    });
    // the manifest carries the template's ipFamilies; Karmada pruned the clusterIPs, which the member allocated
    expect(Object.keys(spec).sort()).toEqual([
      'f:internalTrafficPolicy',
      'f:ipFamilies',
      'f:ipFamilyPolicy',
      'f:ports',
      'f:selector',
      'f:sessionAffinity',
      'f:type',
    ]);
    expect(svc.metadata.managedFields[0].fieldsV1['f:metadata']['f:labels']['f:karmada.io/managed']).toEqual({});
  });

  test("the Service template: the user's apply, and the MCS controller's claim on its labels", async () => {
    const svc = await shown('karmada-apiserver', ['service', 'nginx']);
    expect(writers(svc).sort()).toEqual([
      ['karmada-controller-manager', 'Update', ''],
      ['kubectl-client-side-apply', 'Update', ''],
    ]);
    expect(Object.keys(entry(svc, 'karmada-controller-manager').fieldsV1['f:metadata']['f:labels'])).toEqual([
      '.',
      'f:multiclusterservice.karmada.io/permanent-id',
      'f:resourcetemplate.karmada.io/claimed-by',
    ]);
    expect(entry(svc, 'kubectl-client-side-apply').fieldsV1['f:spec']['f:clusterIP']).toBeUndefined();
  });

  test('the MCS: finalizer and status conditions by karmada-controller-manager, spec by the user', async () => {
    const mcs = await shown('karmada-apiserver', ['mcs', 'nginx']);
    expect(entry(mcs, 'karmada-controller-manager').fieldsV1).toEqual({
      'f:metadata': { 'f:finalizers': { '.': {}, 'v:"karmada.io/multiclusterservice-controller"': {} } },
    });
    const conditions = entry(mcs, 'karmada-controller-manager', 'status').fieldsV1['f:status']['f:conditions'];
    expect(Object.keys(conditions)).toEqual([
      '.',
      'k:{"type":"EndpointSliceDispatched"}',
      'k:{"type":"ServiceApplied"}',
    ]);
    // karmada-webhook's permanent-id label is added after the field manager ran: nobody owns it
    expect(entry(mcs, 'kubectl-client-side-apply').fieldsV1).toEqual({
      'f:spec': { '.': {}, 'f:consumerClusters': {}, 'f:providerClusters': {}, 'f:types': {} },
    });
  });

  test('EndpointSlices: the local one by kube-controller-manager, the dispatched one by Karmada', async () => {
    const list = await shown('member2', ['endpointslices', '-l', 'kubernetes.io/service-name=nginx']);
    const byName = (prefix: string) => list.items.find((s: any) => s.metadata.name.startsWith(prefix));
    const local = byName('nginx-');
    expect(writers(local)).toEqual([['kube-controller-manager', 'Update', '']]);
    const fields = local.metadata.managedFields[0].fieldsV1;
    // endpoints and ports are atomic lists; ownerReferences a map by uid of atomic items
    expect(fields['f:endpoints']).toEqual({});
    expect(fields['f:ports']).toEqual({});
    expect(fields['f:metadata']['f:ownerReferences']).toEqual({
      '.': {},
      [`k:{"uid":"${local.metadata.ownerReferences[0].uid}"}`]: {},
    });
    expect(writers(byName('member1-nginx-'))).toEqual([['karmada-controller-manager', 'Update', '']]);
  });

  test("Clusters: karmadactl join or the agent's registration, then the status of the component that serves it", async () => {
    // (entries are sorted by time in seconds, then by manager: these two may share a second)
    const push = await shown('karmada-apiserver', ['cluster', 'member1']);
    expect(writers(push).sort()).toEqual([
      ['karmada-controller-manager', 'Update', 'status'],
      ['karmadactl', 'Update', ''],
    ]);
    // the aggregated API server defaults resourceModels after the field manager ran
    expect(entry(push, 'karmadactl').fieldsV1['f:spec']['f:resourceModels']).toBeUndefined();
    // Cluster's lists have no listType: atomic
    expect(entry(push, 'karmada-controller-manager', 'status').fieldsV1['f:status']['f:apiEnablements']).toEqual({});
    const pull = await shown('karmada-apiserver', ['cluster', 'member3']);
    expect(writers(pull)).toEqual([
      ['karmada-agent', 'Update', ''],
      ['karmada-agent', 'Update', 'status'],
    ]);
  });
});

describe("the API server's entries for kubectl's writes", () => {
  const manifest = `apiVersion: v1
kind: Service
metadata:
  name: demo
  namespace: default
spec:
  selector:
    app: demo
  ports:
  - port: 8080
`;

  test('create, label, patch and a status patch: each write is its field manager’s, and moves what it changed', async () => {
    const k = (args: string[], input?: string) => kubectl(['--context', 'member1', ...args], t.env, input);
    expect((await k(['create', '-f', '-'], manifest)).code).toBe(0);
    let svc = await shown('member1', ['service', 'demo']);
    expect(writers(svc)).toEqual([['kubectl-create', 'Update', '']]);
    // defaults are recorded; the registry's clusterIPs and IP families are not
    expect(entry(svc, 'kubectl-create').fieldsV1).toEqual({
      'f:spec': {
        'f:internalTrafficPolicy': {},
        'f:ports': {
          '.': {},
          'k:{"port":8080,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} },
        },
        'f:selector': {},
        'f:sessionAffinity': {},
        'f:type': {},
      },
    });
    expect((await k(['label', 'service', 'demo', 'team=blue'])).code).toBe(0);
    expect((await k(['patch', 'service', 'demo', '-p', '{"spec":{"sessionAffinity":"ClientIP"}}'])).code).toBe(0);
    const status =
      '{"status":{"conditions":[{"type":"Demo","status":"True","reason":"Set","message":"m",' +
      '"lastTransitionTime":"2024-01-01T00:00:00Z"}]}}';
    const patched = await k(['patch', 'service', 'demo', '--subresource=status', '--type=merge', '-p', status]);
    expect(patched.stderr).toBe('');
    svc = await shown('member1', ['service', 'demo']);
    expect(writers(svc)).toEqual(
      expect.arrayContaining([
        ['kubectl-create', 'Update', ''],
        ['kubectl-label', 'Update', ''],
        ['kubectl-patch', 'Update', ''],
        ['kubectl-patch', 'Update', 'status'],
      ]),
    );
    expect(entry(svc, 'kubectl-label').fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } },
    });
    expect(entry(svc, 'kubectl-patch').fieldsV1).toEqual({ 'f:spec': { 'f:sessionAffinity': {} } });
    expect(entry(svc, 'kubectl-create').fieldsV1['f:spec']['f:sessionAffinity']).toBeUndefined();
    expect(entry(svc, 'kubectl-patch', 'status').fieldsV1).toEqual({
      'f:status': {
        'f:conditions': {
          '.': {},
          'k:{"type":"Demo"}': {
            '.': {},
            'f:lastTransitionTime': {},
            'f:message': {},
            'f:reason': {},
            'f:status': {},
            'f:type': {},
          },
        },
      },
    });
  });

  // The registry allocates a clusterIP the client did not send (unrecorded), but one it sent is the client's.
  test("a headless Service's clusterIP: None is its creator's field", async () => {
    const k = (args: string[]) => kubectl(['--context', 'member1', ...args], t.env);
    expect((await k(['create', 'service', 'clusterip', 'headless', '--clusterip=None', '--tcp=80'])).code).toBe(0);
    const svc = await shown('member1', ['service', 'headless']);
    expect(entry(svc, 'kubectl-create').fieldsV1['f:spec']).toHaveProperty('f:clusterIP');
  });

  test("a client that names no field manager is recorded under its User-Agent's product", async () => {
    const config = t.sim.kubeconfig() as { users: { user: { token: string } }[] };
    const token = config.users[0]!.user.token;
    const url = new URL(`${t.sim.karmadaUrl}/api/v1/namespaces/default/configmaps`);
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ua' }, data: { a: '1' } });
    const created: any = await new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          ca: t.sim.caPem,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'user-agent': 'my-controller/v1.2.3 (linux/amd64) kubernetes/abcdef',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => {
            resolve(JSON.parse(text));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'my-controller',
        operation: 'Update',
        apiVersion: 'v1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } },
      },
    ]);
  });
});

// Server-side apply against Update managers, as structured-merge-diff's merge/update.go decides it: a field another
// manager (Apply or Update) owns and the apply would change is a conflict; force takes it; items go one by one.
describe('kubectl apply --server-side among other writers', () => {
  const applied = (targetPort: number, https = true) => `apiVersion: v1
kind: Service
metadata:
  name: ssa
  namespace: default
spec:
  selector:
    app: ssa
  ports:
  - name: http
    port: 80
    targetPort: ${targetPort}
${https ? '  - name: https\n    port: 443\n    targetPort: 8443\n' : ''}`;
  const k = (args: string[], input?: string, env = t.env) => kubectl(['--context', 'member1', ...args], env, input);
  const ssa = (yamlText: string, ...flags: string[]) => k(['apply', '--server-side', ...flags, '-f', '-'], yamlText);
  const ports = async () => (await k(['get', 'service', 'ssa', '-o', 'jsonpath={.spec.ports[*].port}'])).stdout;
  const P80 = 'k:{"port":80,"protocol":"TCP"}';

  test('kubectl edit takes a port; the same apply then meets a 409 naming kubectl-edit, unless forced', async () => {
    expect((await ssa(applied(8080))).stdout).toBe('service/ssa serverside-applied\n');
    // kubectl edit, its editor a sed that changes port 80's targetPort
    const editor = { ...t.env, KUBE_EDITOR: "sed -i 's/targetPort: 8080/targetPort: 9090/'" };
    const edited = await k(['edit', 'service', 'ssa'], undefined, editor);
    expect(edited.stdout).toBe('service/ssa edited\n');
    let svc = await shown('member1', ['service', 'ssa']);
    expect(entry(svc, 'kubectl-edit').fieldsV1).toEqual({ 'f:spec': { 'f:ports': { [P80]: { 'f:targetPort': {} } } } });

    const clash = await ssa(applied(8080));
    expect(clash.code).toBe(1);
    expect(clash.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: ' +
        '.spec.ports[port=80,protocol="TCP"].targetPort',
    );
    expect((await shown('member1', ['service', 'ssa'])).spec.ports[0].targetPort).toBe(9090);

    const forced = await ssa(applied(8080), '--force-conflicts');
    expect(forced.stdout).toBe('service/ssa serverside-applied\n');
    svc = await shown('member1', ['service', 'ssa']);
    expect(svc.spec.ports[0].targetPort).toBe(8080);
    // kubectl-edit owned nothing else: its entry goes; kubectl's Apply entry owns the field again
    expect(writers(svc)).toEqual([['kubectl', 'Apply', '']]);
    expect(entry(svc, 'kubectl').fieldsV1['f:spec']['f:ports'][P80]).toEqual({
      '.': {},
      'f:name': {},
      'f:port': {},
      'f:targetPort': {},
    });
  });

  test('an identical re-apply is no conflict and no write, with a label and a port of other writers about', async () => {
    expect((await k(['label', 'service', 'ssa', 'team=blue'])).code).toBe(0);
    const patch = '{"spec":{"ports":[{"name":"metrics","port":9000,"targetPort":9000}]}}';
    expect((await k(['patch', 'service', 'ssa', '-p', patch])).code).toBe(0);
    const before = await shown('member1', ['service', 'ssa']);
    const again = await ssa(applied(8080));
    expect(again.stderr).toBe('');
    const after = await shown('member1', ['service', 'ssa']);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(writers(after).sort()).toEqual([
      ['kubectl', 'Apply', ''],
      ['kubectl-label', 'Update', ''],
      ['kubectl-patch', 'Update', ''],
    ]);
  });

  test("a port the applier stops applying goes; kubectl-patch's own port stays", async () => {
    expect(await ports()).toBe('80 443 9000');
    expect((await ssa(applied(8080, false))).code).toBe(0);
    expect(await ports()).toBe('80 9000');
    const svc = await shown('member1', ['service', 'ssa']);
    expect(Object.keys(entry(svc, 'kubectl').fieldsV1['f:spec']['f:ports'])).toEqual([P80]);
    // kubectl-patch added an item to a list it did not create: it owns the item, not the list
    expect(Object.keys(entry(svc, 'kubectl-patch').fieldsV1['f:spec']['f:ports'])).toEqual([
      'k:{"port":9000,"protocol":"TCP"}',
    ]);
  });

  test('another applier changing the port meets a conflict with kubectl (an Apply manager: no version)', async () => {
    const other = await ssa(applied(7070, false), '--field-manager=other');
    expect(other.code).toBe(1);
    expect(other.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl": .spec.ports[port=80,protocol="TCP"].targetPort',
    );
  });
});

// lastappliedmanager.go: kubectl's move from client-side to server-side apply.
test("kubectl's server-side apply takes over what its client-side apply set, and keeps the annotation current", async () => {
  const k = (args: string[], input?: string) => kubectl(['--context', 'member1', ...args], t.env, input);
  const manifest = (targetPort: number) =>
    `{"apiVersion":"v1","kind":"Service","metadata":{"name":"csa","namespace":"default"},` +
    `"spec":{"selector":{"app":"csa"},"ports":[{"port":80,"targetPort":${targetPort}}]}}`;
  const annotated = async () => {
    const svc = await shown('member1', ['service', 'csa']);
    return JSON.parse(svc.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
  };
  expect((await k(['apply', '-f', '-'], manifest(8080))).code).toBe(0);
  // the field kubectl-client-side-apply owns, changed as the annotation holds it: no conflict, kubectl takes it
  const upgraded = await k(['apply', '--server-side', '-f', '-'], manifest(9090));
  expect(upgraded.stderr).toBe('');
  const svc = await shown('member1', ['service', 'csa']);
  expect(svc.spec.ports[0].targetPort).toBe(9090);
  const port = 'k:{"port":80,"protocol":"TCP"}';
  expect(entry(svc, 'kubectl-client-side-apply').fieldsV1['f:spec']['f:ports'][port]).not.toHaveProperty(
    'f:targetPort',
  );
  expect((await annotated()).spec.ports[0].targetPort).toBe(9090);
  // a field another writer changed since is still a conflict
  expect((await k(['patch', 'service', 'csa', '-p', '{"spec":{"ports":[{"port":80,"targetPort":7070}]}}'])).code).toBe(
    0,
  );
  const clash = await k(['apply', '--server-side', '-f', '-'], manifest(9090));
  expect(clash.stderr.split('\n')[0]).toBe(
    'error: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: ' +
      '.spec.ports[port=80,protocol="TCP"].targetPort',
  );
});
