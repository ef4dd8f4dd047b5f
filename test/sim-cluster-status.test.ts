// The member Clusters' status as Karmada's cluster status controller writes it, read with real kubectl: the full
// apiEnablements of a kind v1.31 member, the node and resource summaries derived from the simulated Nodes and Pods,
// and the allocatable modelings of the default resource models (pkg/controllers/status/cluster_status_controller.go,
// pkg/apis/cluster/mutation/mutation.go and pkg/modeling at v1.8.0 … v1.18.0).
import { type TestSim, simPerTest } from './helpers/sim.js';
import { kubectl } from './helpers/kubectl.js';
import { until } from './helpers/wait.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import { CLUSTERS } from '../src/sim/resources.js';
import type { Cluster } from '../src/sim/karmada-types.js';
import { formatQuantity, parseQuantity } from '../src/sim/cluster-status.js';

const start = simPerTest();
// The install as it comes up: no gate turned on, nothing exposed.
const sim = (options: SimulatorOptions = {}): Promise<TestSim> => start(options, { gate: false, expose: [] });

async function json(s: TestSim, args: string[]) {
  const r = await kubectl([...args, '-o', 'json'], s.env);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Required<Cluster> & { status: Required<NonNullable<Cluster['status']>> };
}

const stored = (s: TestSim, name: string) => s.sim.world.get('karmada', CLUSTERS, undefined, name) as Cluster;

// Discovery of kube-apiserver v1.31 with its default API versions, sorted as getAPIEnablements sorts them.
const KIND_GROUP_VERSIONS = [
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
  'v1',
];
const GRADES = [0, 1, 2, 3, 4, 5, 6, 7, 8];

describe('a member Cluster, v1.18', () => {
  test('apiEnablements: every group version of a kind v1.31 member, sorted; names and kinds, no subresources', async () => {
    const s = await sim();
    const { status } = await json(s, ['get', 'cluster', 'member1']);
    expect(status.apiEnablements.map((g) => g.groupVersion)).toEqual(KIND_GROUP_VERSIONS);
    for (const g of status.apiEnablements) {
      const names = (g.resources ?? []).map((r) => r.name);
      expect(names).toEqual([...names].sort());
      expect(names.filter((n) => n.includes('/'))).toEqual([]);
    }
    const core = status.apiEnablements.find((g) => g.groupVersion === 'v1')!;
    expect(core.resources).toHaveLength(17);
    expect(core.resources).toContainEqual({ name: 'endpoints', kind: 'Endpoints' });
    expect(status.apiEnablements.find((g) => g.groupVersion === 'discovery.k8s.io/v1')).toEqual({
      groupVersion: 'discovery.k8s.io/v1',
      resources: [{ name: 'endpointslices', kind: 'EndpointSlice' }],
    });
    // CompleteAPIEnablements is appended before Ready (setCurrentClusterStatus, then the Ready condition).
    expect(status.conditions.map((c) => c.type)).toEqual(['CompleteAPIEnablements', 'Ready']);
    // One frozen list serves every member.
    expect(stored(s, 'member1').status?.apiEnablements).toBe(stored(s, 'member2').status?.apiEnablements);
    expect(Object.isFrozen(stored(s, 'member1').status?.apiEnablements)).toBe(true);
  });

  test("nodeSummary and resourceSummary from the member's Node and Pods; modelings from the default models", async () => {
    const s = await sim();
    const cluster = await json(s, ['get', 'cluster', 'member1']);
    const node = JSON.parse((await kubectl(['get', 'node', '-o', 'json', '--context', 'member1'], s.env)).stdout);
    expect(cluster.status.nodeSummary).toEqual({ totalNum: 1, readyNum: 1 });
    expect(cluster.status.resourceSummary).toEqual({
      allocatable: node.items[0].status.allocatable,
      // nginx: two pods of 25m and 64Mi each; nothing is pending, so there is no `allocating`.
      allocated: { cpu: '50m', memory: '128Mi', pods: '2' },
      // 8 CPUs less 50m reach grade 3, 15.5Gi less 128Mi only grade 1: the node counts in grade 1.
      allocatableModelings: GRADES.map((grade) => ({ grade, count: grade === 1 ? 1 : 0 })),
    });
    expect(cluster.spec.resourceModels!.map((m) => m.grade)).toEqual(GRADES);
    expect(cluster.spec.resourceModels![8]).toEqual({
      grade: 8,
      ranges: [
        { name: 'cpu', min: '128', max: '9223372036854775807' },
        { name: 'memory', min: '1Ti', max: '9223372036854775807' },
      ],
    });
    expect((await json(s, ['get', 'cluster', 'member2'])).status.resourceSummary.allocated).toEqual({
      cpu: '25m',
      memory: '64Mi',
      pods: '1',
    });
  });

  test('pod changes reach the summaries when the status period is up; apiEnablements kept', async () => {
    const s = await sim({ clusterStatusPeriodMs: 400 });
    const before = stored(s, 'member1');
    const noSlices = [{ groupVersion: 'v1', resources: [{ name: 'services', kind: 'Service' }] }];
    s.sim.world.put(
      'karmada',
      CLUSTERS,
      { ...before, status: { ...before.status, apiEnablements: noSlices } },
      'as-is',
    );
    expect((await kubectl(['patch', 'deployment', 'nginx', '-p', '{"spec":{"replicas":3}}'], s.env)).code).toBe(0);
    s.sim.settle();
    // Not on every pod change: each Cluster write wakes every MCS that names the member.
    const allocated = () => stored(s, 'member1').status?.resourceSummary?.allocated;
    expect(allocated()).toEqual({ cpu: '50m', memory: '128Mi', pods: '2' });
    await until(() => allocated()?.pods === '3');
    const { status } = await json(s, ['get', 'cluster', 'member1']);
    expect(status.resourceSummary.allocated).toEqual({ cpu: '75m', memory: '192Mi', pods: '3' });
    expect(status.apiEnablements).toEqual(noSlices);
  });
});

test('local-up members run metrics-server, so their discovery lists metrics.k8s.io', async () => {
  const s = await sim({ layout: 'local-up' });
  const { status } = await json(s, ['get', 'cluster', 'member1']);
  expect(status.apiEnablements.map((g) => g.groupVersion)).toEqual(
    [...KIND_GROUP_VERSIONS, 'metrics.k8s.io/v1beta1'].sort(),
  );
  expect(status.apiEnablements.find((g) => g.groupVersion === 'metrics.k8s.io/v1beta1')?.resources).toEqual([
    { name: 'nodes', kind: 'NodeMetrics' },
    { name: 'pods', kind: 'PodMetrics' },
  ]);
});

test('v1.8 writes no CompleteAPIEnablements condition, and the same summaries', async () => {
  const s = await sim({ karmadaVersion: 'v1.8' });
  const { status } = await json(s, ['get', 'cluster', 'member1']);
  expect(status.conditions.map((c) => c.type)).toEqual(['Ready']);
  expect(status.apiEnablements).toHaveLength(KIND_GROUP_VERSIONS.length);
  expect(status.nodeSummary).toEqual({ totalNum: 1, readyNum: 1 });
  expect(status.resourceSummary.allocatableModelings).toHaveLength(9);
});

test('no modelings without the CustomizedClusterResourceModeling gate; no summaries without modeling', async () => {
  let s = await sim({ extraFlags: ['--feature-gates=CustomizedClusterResourceModeling=false'] });
  let { status } = await json(s, ['get', 'cluster', 'member1']);
  expect(status.resourceSummary.allocated).toEqual({ cpu: '50m', memory: '128Mi', pods: '2' });
  expect(status.resourceSummary.allocatableModelings).toBeUndefined();
  await s.stop();
  s = await sim({ extraFlags: ['--enable-cluster-resource-modeling=false'] });
  ({ status } = await json(s, ['get', 'cluster', 'member1']));
  expect(status.nodeSummary).toBeUndefined();
  expect(status.resourceSummary).toBeUndefined();
  expect(status.apiEnablements).toHaveLength(KIND_GROUP_VERSIONS.length);
});

test('resource.Quantity: parsed exactly, written in canonical form', () => {
  const canonical = (text: string) => formatQuantity(parseQuantity(text)!);
  expect(['1.5Gi', '0.5', '1000m', '1024Gi', '16303884Ki', '0', '1e3', '2000Mi'].map(canonical)).toEqual([
    '1536Mi',
    '500m',
    '1',
    '1Ti',
    '16303884Ki',
    '0',
    '1e3',
    '2000Mi',
  ]);
  // BinarySI under 1024 is written as DecimalSI (CanonicalizeBytes).
  expect(formatQuantity({ nanos: 1000n * 1_000_000_000n, format: 'BinarySI' })).toBe('1k');
});
