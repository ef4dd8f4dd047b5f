// The simulated MultiClusterService controllers, driven and read with real kubectl, against what Karmada's source
// does per release (pkg/controllers/multiclusterservice at v1.8.0 … v1.18.0) and the steps of Karmada's own e2e
// suite (test/e2e/suites/base/mcs_test.go, "CrossCluster MultiClusterService testing").
import { type TestSim, startTestSim } from './helpers/sim.js';
import { kubectl } from './helpers/kubectl.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import { CLUSTERS, DEPLOYMENTS, ENDPOINTSLICES, MCS, WORKS } from '../src/sim/resources.js';
import type { Cluster, Condition, MultiClusterService, Work } from '../src/sim/karmada-types.js';
import type { Deployment, EndpointSlice, KubeEvent, Stored } from '../src/sim/kinds.js';

const GATE = ['--feature-gates=MultiClusterService=true'];
const service = (name = 'nginx') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ports:
  - port: 80
    targetPort: 80
  selector:
    app: nginx
`;
const mcsYaml = (spec: string, name = 'nginx') => `apiVersion: networking.karmada.io/v1alpha1
kind: MultiClusterService
metadata:
  name: ${name}
spec:
${spec}`;
const CROSS = `  types: [CrossCluster]
  providerClusters: [{name: member1}]
  consumerClusters: [{name: member2}]
`;

/** A JSON patch appending a flag to the first container's command. */
const addFlag = (flag: string) =>
  JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/0/command/-', value: flag }]);

let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions = {}): Promise<TestSim> {
  t = await startTestSim({ extraFlags: GATE, ...options });
  return t;
}

/** kubectl against the simulator; fails the test on a non-zero exit unless `allowFailure`. */
async function k(s: TestSim, args: string[], input?: string, allowFailure = false) {
  const r = await kubectl(args, s.env, input);
  if (!allowFailure && r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r;
}

async function apply(s: TestSim, yaml: string): Promise<void> {
  await k(s, ['apply', '-f', '-'], yaml);
  s.sim.settle();
}

const json = async (s: TestSim, args: string[]) => JSON.parse((await k(s, [...args, '-o', 'json'])).stdout);

/** `kubectl get works -A` as rows of [namespace, kind, applied] (names carry a hash). */
async function works(s: TestSim): Promise<string[][]> {
  const r = await k(s, ['get', 'works', '-A', '--no-headers']);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [namespace, name, kind, applied] = line.split(/\s+/);
      return [namespace!, name!.split('-')[0]!, kind!, /^\d/.test(applied!) ? '' : applied!];
    })
    .sort((a, b) => a.join().localeCompare(b.join()));
}

async function events(s: TestSim): Promise<KubeEvent[]> {
  return (await json(s, ['get', 'events', '-n', 'default'])).items.filter(
    (e: KubeEvent) => e.involvedObject.kind === 'MultiClusterService',
  );
}

const slicesIn = async (s: TestSim, cluster: string) =>
  (
    await k(s, ['get', 'endpointslices', '--context', cluster, '-l', 'kubernetes.io/service-name=nginx', '-o', 'name'])
  ).stdout
    .trim()
    .split('\n')
    .filter(Boolean);

const conditions = async (s: TestSim) => (await json(s, ['get', 'mcs', 'nginx'])).status?.conditions ?? [];

function setCluster(s: TestSim, name: string, change: (c: Stored<Cluster>) => Cluster): void {
  const c = s.sim.world.get('karmada', CLUSTERS, undefined, name) as Stored<Cluster>;
  s.sim.world.put('karmada', CLUSTERS, change(structuredClone(c)), 'as-is');
  s.sim.settle();
}

const notReady = (c: Cluster): Cluster => ({
  ...c,
  status: {
    ...c.status,
    conditions: [
      { type: 'Ready', status: 'False', reason: 'ClusterNotReachable', message: 'cluster is not reachable' },
    ],
  },
});

test('e2e case 1: provider member1, consumer member2 — Works, binding, events and the consumer slice', async () => {
  const s = await sim();
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  expect(await works(s)).toEqual([
    ['karmada-es-member1', 'nginx', 'EndpointSlice', ''],
    ['karmada-es-member1', 'nginx', 'MultiClusterService', ''],
    ['karmada-es-member1', 'nginx', 'Service', 'True'],
    ['karmada-es-member2', 'nginx', 'EndpointSlice', 'True'],
    ['karmada-es-member2', 'nginx', 'Service', 'True'],
  ]);
  const rb = await k(s, ['get', 'rb', 'nginx-service', '--no-headers']);
  expect(rb.stdout).toMatch(/^nginx-service\s+True\s+True\s/);
  const binding = await json(s, ['get', 'rb', 'nginx-service']);
  expect(binding.spec.placement.clusterAffinity.clusterNames).toEqual(['member1', 'member2']);
  expect(binding.metadata.labels['binding.karmada.io/managed-by']).toBe('MultiClusterService');
  expect(binding.metadata.finalizers).toEqual(['karmada.io/binding-controller']);

  const esWorks = (await json(s, ['get', 'works', '-n', 'karmada-es-member1'])).items as Work[];
  const kindOf = (w: Work) => w.spec?.workload?.manifests?.[0]?.kind;
  const marker = esWorks.find((w) => kindOf(w) === 'MultiClusterService')!;
  expect(marker.spec?.suspendDispatching).toBe(true);
  expect(marker.metadata.labels).toMatchObject({
    'multiclusterservice.karmada.io/name': 'nginx',
    'multiclusterservice.karmada.io/namespace': 'default',
  });
  const collected = esWorks.find((w) => kindOf(w) === 'EndpointSlice')!;
  expect(collected.metadata.finalizers).toEqual(['karmada.io/mcs-endpointslice-dispatch-controller']);
  expect(collected.metadata.labels?.['endpointslice.karmada.io/managed-by']).toBe('MultiClusterService');
  const ns = await json(s, ['get', 'ns', 'karmada-es-member2']);
  expect(ns.metadata.labels['karmada.io/system']).toBe('true');

  const consumer = await json(s, [
    'get',
    'endpointslices',
    '--context',
    'member2',
    '-l',
    'endpointslice.kubernetes.io/managed-by=endpointslice-dispatch-controller.karmada.io',
  ]);
  expect(consumer.items).toHaveLength(1);
  expect(consumer.items[0].metadata.name).toMatch(/^member1-nginx-/);
  expect(consumer.items[0].metadata.annotations['endpointslice.karmada.io/provision-cluster']).toBe('member1');
  expect(consumer.items[0].endpoints).toHaveLength(2);

  const reasons = (await events(s)).map((e) => [e.type, e.reason, e.source?.component]);
  expect(reasons).toEqual(
    expect.arrayContaining([
      ['Normal', 'SyncServiceSucceed', 'multiclusterservice-controller'],
      ['Normal', 'DispatchEndpointSliceSucceed', 'endpointslice-dispatch-controller'],
    ]),
  );
  const printed = await k(s, ['get', 'events', '-n', 'default']);
  expect(printed.stdout).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
  expect(printed.stdout).toMatch(
    /\n\S+\s+Normal\s+SyncServiceSucceed\s+multiclusterservice\/nginx\s+Service is propagated to target clusters\.\n/,
  );
  const wide = await k(s, ['get', 'events', '-n', 'default', '-o', 'wide']);
  expect(wide.stdout).toMatch(
    new RegExp(
      'DispatchEndpointSliceSucceed\\s+multiclusterservice/nginx\\s+endpointslice-dispatch-controller\\s+' +
        'EndpointSlice are dispatched successfully\\s+\\S+\\s+\\d+\\s+nginx\\.[0-9a-f]+\\n',
    ),
  );
});

test('e2e case 3: providers and consumers swapped, then a missing provider gets ClusterNotFound', async () => {
  const s = await sim();
  // Duplicated nginx in both members, as the e2e suite's PropagationPolicy places it.
  await k(s, [
    'patch',
    'pp',
    'nginx-propagation',
    '--type',
    'merge',
    '-p',
    '{"spec":{"placement":{"clusterAffinity":{"clusterNames":["member1","member2"]}}}}',
  ]);
  await apply(
    s,
    service() +
      '---\n' +
      mcsYaml(`  types: [CrossCluster]
  providerClusters: [{name: member1}, {name: member2}]
  consumerClusters: [{name: member2}]
`),
  );
  expect(await slicesIn(s, 'member2')).toEqual(expect.arrayContaining([expect.stringMatching(/member1-nginx-/)]));
  expect((await slicesIn(s, 'member2')).some((n) => n.includes('member2-nginx-'))).toBe(false);
  await apply(
    s,
    service() +
      '---\n' +
      mcsYaml(`  types: [CrossCluster]
  providerClusters: [{name: member2}]
  consumerClusters: [{name: member1}]
`),
  );
  expect((await slicesIn(s, 'member1')).filter((n) => n.includes('member2-nginx-'))).toHaveLength(1);
  expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-nginx-'))).toHaveLength(0);
  await apply(
    s,
    service() +
      '---\n' +
      mcsYaml(`  types: [CrossCluster]
  providerClusters: [{name: member2}, {name: member-not-found}]
  consumerClusters: [{name: member1}]
`),
  );
  const missing = (await events(s)).find((e) => e.reason === 'ClusterNotFound')!;
  expect(missing).toMatchObject({
    type: 'Warning',
    message: 'Provider cluster member-not-found is not found',
    count: 1,
  });
});

test('conditions are kept until overwritten; a repeated event bumps its count', async () => {
  const s = await sim();
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  const first = await conditions(s);
  expect(first.map((c: Condition) => [c.type, c.status])).toEqual([
    ['ServiceApplied', 'True'],
    ['EndpointSliceDispatched', 'True'],
  ]);
  const succeed = (await events(s)).filter((e) => e.reason === 'SyncServiceSucceed');
  expect(succeed).toHaveLength(1);
  // A Service change makes the MCS controller reconcile again: same Event, count bumped, condition untouched.
  await k(s, ['label', 'svc', 'nginx', 'tier=web']);
  s.sim.settle();
  const again = (await events(s)).filter((e) => e.reason === 'SyncServiceSucceed');
  expect(again).toHaveLength(1);
  expect(again[0]!.metadata.name).toBe(succeed[0]!.metadata.name);
  expect(again[0]!.count).toBeGreaterThan(succeed[0]!.count!);
  expect(await conditions(s)).toEqual(first);
  // The Service goes: ServiceApplied turns False, EndpointSliceDispatched stays as it was set.
  await k(s, ['delete', 'svc', 'nginx', '--wait=false']);
  s.sim.settle();
  const after = await conditions(s);
  expect(after.find((c: Condition) => c.type === 'ServiceApplied')).toMatchObject({
    status: 'False',
    reason: 'ServiceAppliedFailed',
    message: 'Service "nginx" not found',
  });
  expect(after.find((c: Condition) => c.type === 'EndpointSliceDispatched')).toEqual(first[1]);
  const failed = (await events(s)).find((e) => e.reason === 'SyncServiceFailed')!;
  expect(failed).toMatchObject({ type: 'Warning', message: 'Service "nginx" not found' });
});

test('--controllers=*,-endpointsliceDispatch: finalizer, ServiceApplied, Works, nothing dispatched', async () => {
  const s = await sim({ extraFlags: [...GATE, '--controllers=*,-endpointsliceDispatch'] });
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  const mcs = await json(s, ['get', 'mcs', 'nginx']);
  expect(mcs.metadata.finalizers).toEqual(['karmada.io/multiclusterservice-controller']);
  expect(mcs.status.conditions.map((c: Condition) => c.type)).toEqual(['ServiceApplied']);
  const rows = await works(s);
  expect(rows).toContainEqual(['karmada-es-member1', 'nginx', 'EndpointSlice', '']);
  expect(rows.filter((r) => r[0] === 'karmada-es-member2' && r[2] === 'EndpointSlice')).toEqual([]);
  expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-'))).toEqual([]);
});

test('gate off: no finalizer nor conditions; deleted while off with its finalizer, it stays Terminating', async () => {
  const s = await sim({ extraFlags: [] });
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  const untouched = await json(s, ['get', 'mcs', 'nginx']);
  expect(untouched.metadata.finalizers).toBeUndefined();
  expect(untouched.status?.conditions ?? []).toEqual([]);
  expect(await works(s)).toEqual([]);
  const gate = (value: string) =>
    k(s, [
      '--context',
      'karmada-host',
      '-n',
      'karmada-system',
      'patch',
      'deploy',
      'karmada-controller-manager',
      '--type',
      'json',
      '-p',
      addFlag(`--feature-gates=MultiClusterService=${value}`),
    ]);
  await gate('true');
  s.sim.settle();
  expect((await json(s, ['get', 'mcs', 'nginx'])).metadata.finalizers).toEqual([
    'karmada.io/multiclusterservice-controller',
  ]);
  await gate('false');
  s.sim.settle();
  await k(s, ['delete', 'mcs', 'nginx', '--wait=false']);
  s.sim.settle();
  const terminating = await json(s, ['get', 'mcs', 'nginx']);
  expect(terminating.metadata.deletionTimestamp).toBeDefined();
  await gate('true');
  s.sim.settle();
  expect((await k(s, ['get', 'mcs', 'nginx'], undefined, true)).stderr).toContain('NotFound');
});

test('a Pull-mode provider is collected by its own karmada-agent, once that agent has the gate', async () => {
  const s = await sim({ pullMembers: ['member3'] });
  await k(s, [
    'patch',
    'pp',
    'nginx-propagation',
    '--type',
    'merge',
    '-p',
    '{"spec":{"placement":{"clusterAffinity":{"clusterNames":["member3"]}}}}',
  ]);
  await apply(
    s,
    service() +
      '---\n' +
      mcsYaml(`  types: [CrossCluster]
  providerClusters: [{name: member3}]
  consumerClusters: [{name: member2}]
`),
  );
  const member3 = async () => (await works(s)).filter((r) => r[0] === 'karmada-es-member3').map((r) => r[2]);
  expect(await member3()).toEqual(['MultiClusterService', 'Service']);
  expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member3-'))).toEqual([]);
  await k(s, [
    '--context',
    'member3',
    '-n',
    'karmada-system',
    'patch',
    'deploy',
    'karmada-agent',
    '--type',
    'json',
    '-p',
    addFlag('--feature-gates=MultiClusterService=true'),
  ]);
  s.sim.settle();
  expect(await member3()).toEqual(['EndpointSlice', 'MultiClusterService', 'Service']);
  expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member3-nginx-'))).toHaveLength(1);
});

test('a NoSchedule taint the binding does not tolerate: the consumer gets the slices but no Service', async () => {
  const s = await sim();
  await k(s, [
    'patch',
    'cluster',
    'member2',
    '--type',
    'merge',
    '-p',
    '{"spec":{"taints":[{"key":"maintenance","effect":"NoSchedule"}]}}',
  ]);
  s.sim.settle();
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  const binding = await json(s, ['get', 'rb', 'nginx-service']);
  expect(binding.spec.clusters).toEqual([{ name: 'member1' }]);
  expect((await k(s, ['get', 'svc', 'nginx', '--context', 'member2'], undefined, true)).stderr).toContain('NotFound');
  expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-nginx-'))).toHaveLength(1);
});

test('a consumer without the EndpointSlice API is skipped with APIIncompatible', async () => {
  const s = await sim();
  setCluster(s, 'member2', (c) => ({
    ...c,
    status: {
      ...c.status,
      apiEnablements: [{ groupVersion: 'v1', resources: [{ name: 'services', kind: 'Service' }] }],
    },
  }));
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  const incompatible = (await events(s)).find((e) => e.reason === 'APIIncompatible')!;
  expect(incompatible).toMatchObject({
    type: 'Warning',
    message: 'Consumer cluster member2 does not support EndpointSlice',
  });
  expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-'))).toEqual([]);
});

test('a LoadBalancer MultiClusterService gets nothing from Karmada', async () => {
  const s = await sim();
  await apply(s, service() + '---\n' + mcsYaml('  types: [LoadBalancer]\n'));
  const mcs = await json(s, ['get', 'mcs', 'nginx']);
  expect(mcs.metadata.finalizers).toBeUndefined();
  expect(mcs.status?.conditions ?? []).toEqual([]);
  expect(await works(s)).toEqual([]);
  expect((await k(s, ['get', 'rb', 'nginx-service'], undefined, true)).code).toBe(1);
});

// A consumer whose status.apiEnablements lacks EndpointSlice while the list is incomplete (its discovery failed in
// part): helper.IsAPIEnabled skips it up to v1.14, Cluster.APIEnablement (APIDisabled only when complete) from v1.15.
test.each([
  ['v1.14', false],
  ['v1.15', true],
])('an incomplete API list without EndpointSlice, at %s: dispatched %s', async (version, dispatched) => {
  const s = await sim({ karmadaVersion: version });
  setCluster(s, 'member2', (c) => ({
    ...c,
    status: {
      ...c.status,
      apiEnablements: c.status?.apiEnablements?.filter((g) => g.groupVersion !== 'discovery.k8s.io/v1'),
      conditions: (c.status?.conditions ?? []).map((x) =>
        x.type === 'CompleteAPIEnablements' ? { ...x, status: 'False', reason: 'Partial' } : x,
      ),
    },
  }));
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  expect((await slicesIn(s, 'member2')).some((n) => n.includes('member1-'))).toBe(dispatched);
  const incompatible = (await events(s)).filter((e) => e.reason === 'APIIncompatible').map((e) => e.message);
  expect(incompatible).toEqual(dispatched ? [] : ['Consumer cluster member2 does not support EndpointSlice']);
});

// A slice Karmada's ServiceImport path made in the provider (managed-by endpointslice-controller.karmada.io): the
// collect controller copies it on like the provider's own before v1.15, and passes it over from v1.15 (#6523).
test.each([
  ['v1.14', true],
  ['v1.15', false],
])('a ServiceImport slice in the provider, at %s: collected %s', async (version, collected) => {
  const s = await sim({ karmadaVersion: version });
  s.sim.world.put(
    'member1',
    ENDPOINTSLICES,
    {
      metadata: {
        name: 'imported-nginx',
        namespace: 'default',
        labels: {
          'kubernetes.io/service-name': 'nginx',
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.karmada.io',
        },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.99.0.7'], conditions: { ready: true } }],
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
    },
    'as-is',
  );
  await apply(s, service() + '---\n' + mcsYaml(CROSS));
  expect((await slicesIn(s, 'member2')).includes('endpointslice.discovery.k8s.io/member1-imported-nginx')).toBe(
    collected,
  );
});

// Kubernetes' EndpointSlice controller writes none for an ExternalName Service (even one with a selector) nor for
// one without a selector (endpointslice_controller.go syncService); slices written by hand are collected as any.
test.each([
  [
    'an ExternalName Service with a selector',
    'type: ExternalName\n  externalName: example.com\n  selector: {app: nginx}',
  ],
  ['a Service without a selector', 'ports: [{port: 80}]'],
  ['a Service with an empty selector', 'ports: [{port: 80}]\n  selector: {}'],
])('%s gets no EndpointSlice from Kubernetes in the provider', async (_, spec) => {
  const s = await sim();
  await apply(s, `apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec:\n  ${spec}\n---\n` + mcsYaml(CROSS));
  expect(await slicesIn(s, 'member1')).toEqual([]);
  expect(await slicesIn(s, 'member2')).toEqual([]);
  const byHand = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: nginx-by-hand, labels: {kubernetes.io/service-name: nginx}}
addressType: IPv4
endpoints: [{addresses: [10.244.1.9]}]
ports: [{port: 80, protocol: TCP}]
`;
  await k(s, ['apply', '--context', 'member1', '-f', '-'], byHand);
  s.sim.settle();
  expect(await slicesIn(s, 'member2')).toEqual(['endpointslice.discovery.k8s.io/member1-nginx-by-hand']);
});

describe('a provider that becomes NotReady after its slices were dispatched', () => {
  async function staleProvider(version: string) {
    const s = await sim({ karmadaVersion: version });
    await apply(s, service() + '---\n' + mcsYaml(CROSS));
    expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-'))).toHaveLength(1);
    setCluster(s, 'member1', notReady);
    return s;
  }

  test('v1.13 withdraws its slices from the consumers', async () => {
    const s = await staleProvider('v1.13');
    expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-'))).toEqual([]);
    expect((await works(s)).filter((r) => r[0] === 'karmada-es-member1' && r[2] !== 'Service')).toEqual([]);
    const skipped = (await events(s)).find((e) => e.reason === 'SyncServiceFailed')!;
    expect(skipped.message).toBe('Provider cluster member1 is not ready, skip to propagate MultiClusterService');
  });

  test('v1.14 keeps them, frozen: collection from it stops', async () => {
    const s = await staleProvider('v1.14');
    const before = await json(s, [
      'get',
      'endpointslices',
      '--context',
      'member2',
      '-l',
      'endpointslice.kubernetes.io/managed-by=endpointslice-dispatch-controller.karmada.io',
    ]);
    expect(before.items).toHaveLength(1);
    // nginx scales in member1 while it is NotReady: nothing of it reaches member2.
    const d = s.sim.world.get('member1', DEPLOYMENTS, 'default', 'nginx') as Deployment;
    s.sim.world.put('member1', DEPLOYMENTS, { ...d, spec: { ...d.spec!, replicas: 3 } }, 'as-is');
    s.sim.settle();
    const local = (s.sim.world.list('member1', ENDPOINTSLICES, 'default') as EndpointSlice[]).find(
      (e) => e.metadata.labels?.['kubernetes.io/service-name'] === 'nginx',
    )!;
    expect(local.endpoints).toHaveLength(3);
    const after = await json(s, [
      'get',
      'endpointslices',
      '--context',
      'member2',
      '-l',
      'endpointslice.kubernetes.io/managed-by=endpointslice-dispatch-controller.karmada.io',
    ]);
    expect(after.items.map((e: EndpointSlice) => e.endpoints?.length)).toEqual([2]);
    expect(
      (await works(s)).filter((r) => r[0] === 'karmada-es-member1' && r[2] === 'MultiClusterService'),
    ).toHaveLength(1);
  });
});

describe('the Service copies when the MCS is deleted', () => {
  test('v1.8 reads serviceProvisionClusters / serviceConsumptionClusters; Service Works go with the MCS', async () => {
    const s = await sim({ karmadaVersion: 'v1.8', members: 3 });
    await apply(
      s,
      service() +
        '---\n' +
        mcsYaml(`  types: [CrossCluster]
  serviceProvisionClusters: [member1]
  serviceConsumptionClusters: [member2]
`),
    );
    expect((await k(s, ['get', 'rb', 'nginx-service'], undefined, true)).code).toBe(1);
    const rows = await works(s);
    expect(rows.filter((r) => r[2] === 'Service').map((r) => r[0])).toEqual([
      'karmada-es-member1',
      'karmada-es-member2',
    ]);
    expect(rows.filter((r) => r[2] === 'MultiClusterService').map((r) => r[0])).toEqual(['karmada-es-member1']);
    expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-nginx-'))).toHaveLength(1);
    const serviceWorks = (s.sim.world.list('karmada', WORKS) as Work[]).filter(
      (w) => w.spec?.workload?.manifests?.[0]?.kind === 'Service',
    );
    expect(new Set(serviceWorks.map((w) => w.metadata.name)).size).toBe(2); // the cluster is part of the hashed name
    const reason = (await conditions(s)).find((c: Condition) => c.type === 'EndpointSliceDispatched').reason;
    expect(reason).toBe('EndpointSliceSyncSucceed');
    await k(s, ['delete', 'mcs', 'nginx', '--wait=false']);
    s.sim.settle();
    expect((await k(s, ['get', 'svc', 'nginx', '--context', 'member2'], undefined, true)).stderr).toContain('NotFound');
  });

  test('v1.18: the binding and the copies survive the MCS', async () => {
    const s = await sim();
    await apply(s, service() + '---\n' + mcsYaml(CROSS));
    await k(s, ['delete', 'mcs', 'nginx', '--wait=false']);
    s.sim.settle();
    const copy = await json(s, ['get', 'svc', 'nginx', '--context', 'member2']);
    expect(copy.metadata.labels['karmada.io/managed']).toBe('true');
    const binding = await json(s, ['get', 'rb', 'nginx-service']);
    expect(binding.metadata.labels?.['binding.karmada.io/managed-by']).toBeUndefined();
    expect((await works(s)).filter((r) => r[2] !== 'Service')).toEqual([]);
    expect((await slicesIn(s, 'member2')).filter((n) => n.includes('member1-'))).toEqual([]);
  });
});

test('a quiet world costs nothing: 500 clusters and 100 MCS settled, a pass reads no MCS and no Work', async () => {
  const s = await sim({ members: 500 });
  const spec =
    '  types: [CrossCluster]\n  providerClusters: [{name: member1}]\n' +
    '  consumerClusters: [{name: member2}, {name: member500}]\n';
  const docs = Array.from({ length: 100 }, (_, i) => service(`web${i}`) + '---\n' + mcsYaml(spec, `web${i}`));
  await k(s, ['apply', '-f', '-'], docs.join('---\n'));
  s.sim.settle(200);
  const settled = (s.sim.world.list('karmada', MCS) as MultiClusterService[]).filter(
    (m) => m.status?.conditions?.length === 2,
  );
  expect(settled).toHaveLength(100);
  const world = s.sim.world;
  const reads: string[] = [];
  const [get, list] = [world.get.bind(world), world.list.bind(world)];
  world.get = (c, rt, ns, n) => {
    reads.push(rt.kind);
    return get(c, rt, ns, n);
  };
  world.list = (c, rt, ns) => {
    reads.push(rt.kind);
    return list(c, rt, ns);
  };
  s.sim.controllers.reconcile();
  world.get = get;
  world.list = list;
  expect(reads.filter((kind) => kind === 'MultiClusterService' || kind === 'Work')).toEqual([]);
});
