// Each named scenario as a user of a real Karmada meets it, through real kubectl only: the MultiClusterService and
// its events, the Works and bindings, what the consumer member2 holds, the controller-manager's flags, and what curl
// in member2's curl pod gets. The healthy case follows Karmada's e2e "CrossCluster MultiClusterService testing"
// (test/e2e/suites/base/mcs_test.go, case 1): EndpointSliceDispatched True, SyncServiceSucceed and
// DispatchEndpointSliceSucceed events, and in the consumer a slice `<provider>-<provider slice>` with as many
// endpoints as the provider's own.
import yaml from 'js-yaml';
import type { SimulatorOptions } from '../src/sim/index.js';
import { SCENARIOS, type ScenarioName } from '../src/sim/scenarios.js';
import { kubectl } from './helpers/kubectl.js';
import { type TestSim, startTestSim } from './helpers/sim.js';

type Obj = Record<string, any>;

let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** A user's view of a scenario: plain kubectl against the simulator's kubeconfig. */
async function scenario(name: ScenarioName, options: SimulatorOptions = {}) {
  t = await startTestSim({ scenario: name, ...options });
  const env = t.env;
  const run = async (args: string[], context?: string) =>
    kubectl(context ? ['--context', context, ...args] : args, env);
  const ok = async (args: string[], context?: string): Promise<string> => {
    const r = await run(args, context);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const json = async (args: string[], context?: string): Promise<Obj> =>
    JSON.parse(await ok([...args, '-o', 'json'], context));
  return {
    run,
    ok,
    json,
    mcs: async () => yaml.load(await ok(['get', 'mcs', 'nginx', '-o', 'yaml'])) as Obj,
    /** `get events` as printed: [TYPE, REASON, OBJECT, MESSAGE] per row */
    events: async () => {
      const r = await run(['get', 'events']);
      return r.stdout
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => {
          const [, type, reason, object, ...message] = line.split(/\s+/);
          return [type, reason, object, message.join(' ')];
        });
    },
    /**
     * `get works -A` as printed: "namespace kind applied" per row (the name is a hash). Deployments are left out: the
     * simulator propagates them without Works (docs/playground.md), so only the MCS controllers' Works are compared.
     */
    works: async () => {
      const r = await run(['get', 'works', '-A']);
      return r.stdout
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => {
          const cells = line.split(/\s+/);
          return `${cells[0]} ${cells[2]} ${cells.length === 5 ? cells[3] : '-'}`;
        })
        .filter((row) => !row.includes(' Deployment '))
        .sort();
    },
    bindings: async () => (await json(['get', 'rb'])).items.map((rb: Obj) => rb.metadata.name).sort(),
    /** the EndpointSlices of Service nginx in member2: name -> endpoint addresses */
    consumerSlices: async () => {
      const list = await json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx'], 'member2');
      return Object.fromEntries(
        list.items.map((s: Obj) => [s.metadata.name, (s.endpoints ?? []).flatMap((e: Obj) => e.addresses)]),
      );
    },
    controllerManagerCommand: async (): Promise<string[]> => {
      const list = yaml.load(await ok(['get', 'deploy', '-n', 'karmada-system', '-o', 'yaml'], 'karmada-host')) as Obj;
      const cm = list.items.find((d: Obj) => d.metadata.name.endsWith('controller-manager'));
      return cm.spec.template.spec.containers[0]!.command;
    },
    /** the guide's last step: curl the Service's short name from member2's curl pod */
    curl: async () => {
      const pod = (await ok(['get', 'pods', '-l', 'app=curl', '-o', 'name'], 'member2')).trim();
      return run(['exec', pod, '--', 'curl', '-sS', '-m', '5', 'http://nginx.default'], 'member2');
    },
  };
}

const condition = (mcs: Obj, type: string) =>
  (mcs.status?.conditions ?? []).find((c: Obj) => c.type === type) as Obj | undefined;
const FINALIZER = 'karmada.io/multiclusterservice-controller';
const GATE_ON = '--feature-gates=MultiClusterService=true';
const SYNCED = [
  'Normal',
  'SyncServiceSucceed',
  'multiclusterservice/nginx',
  'Service is propagated to target clusters.',
];
const DISPATCHED = [
  'Normal',
  'DispatchEndpointSliceSucceed',
  'multiclusterservice/nginx',
  'EndpointSlice are dispatched successfully',
];
/** Karmada's Works for nginx from member1 to member2 (MCS marker, Service copies, collected and dispatched slices) */
const ALL_WORKS = [
  'karmada-es-member1 EndpointSlice -',
  'karmada-es-member1 MultiClusterService -',
  'karmada-es-member1 Service True',
  'karmada-es-member2 EndpointSlice True',
  'karmada-es-member2 Service True',
];

test('every scenario named in SCENARIOS is covered here', () => {
  expect(Object.keys(SCENARIOS).sort()).toEqual([
    'agent-gate-off',
    'cidr-overlap',
    'controllers-off',
    'gate-off',
    'healthy',
    'loadbalancer',
    'no-pod-network',
    'stale-provider',
    'tainted-consumer',
    'wrong-target-port',
  ]);
});

describe("healthy: the guide's end state", () => {
  test('v1.18: conditions, events, Works, the dispatched slice in member2, and curl answers', async () => {
    const s = await scenario('healthy');
    const mcs = await s.mcs();
    expect(mcs.metadata.finalizers).toEqual([FINALIZER]);
    expect(mcs.spec).toEqual({
      types: ['CrossCluster'],
      providerClusters: [{ name: 'member1' }],
      consumerClusters: [{ name: 'member2' }],
    });
    expect(condition(mcs, 'ServiceApplied')).toMatchObject({
      status: 'True',
      reason: 'ServiceAppliedSucceed',
      message: 'Service is propagated to target clusters.',
    });
    expect(condition(mcs, 'EndpointSliceDispatched')).toMatchObject({
      status: 'True',
      reason: 'EndpointSliceDispatchedSucceed',
      message: 'EndpointSlice are dispatched successfully',
    });
    expect(await s.events()).toEqual([SYNCED, DISPATCHED]);
    expect(await s.works()).toEqual(ALL_WORKS);
    expect(await s.bindings()).toEqual(['curl-deployment', 'nginx-deployment', 'nginx-service']);
    const rb = await s.json(['get', 'rb', 'nginx-service']);
    expect(rb.spec.clusters.map((c: Obj) => c.name).sort()).toEqual(['member1', 'member2']);
    expect(await s.controllerManagerCommand()).toContain(GATE_ON);

    // e2e checkEndpointSliceSynced: each provider slice not made by the dispatcher is in the consumer as
    // `<provider>-<name>` with as many endpoints.
    const provider = await s.json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx'], 'member1');
    const own = provider.items.filter(
      (e: Obj) => e.metadata.labels['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-controller.k8s.io',
    );
    expect(own).toHaveLength(1);
    const podIps = (
      await s.ok(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].status.podIP}'], 'member1')
    )
      .split(' ')
      .sort();
    const consumer = await s.consumerSlices();
    expect(consumer[`member1-${own[0].metadata.name}`]?.sort()).toEqual(podIps);
    const dispatched = await s.json(['get', 'endpointslice', `member1-${own[0].metadata.name}`], 'member2');
    expect(dispatched.metadata.labels).toMatchObject({
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-dispatch-controller.karmada.io',
      'kubernetes.io/service-name': 'nginx',
    });
    // The pods' IPs come from member1's node range (local-up's 10.10.0.0/16), routed to member2.
    const cidrs = await s.ok(['get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDRs}'], 'member1');
    expect(JSON.parse(cidrs)).toEqual(['10.10.0.0/24']);
    for (const ip of podIps) expect(ip).toMatch(/^10\.10\.0\.\d+$/);
    expect(await s.ok(['get', 'nodes', '-o', 'wide'], 'member1')).toMatch(/member1-control-plane\s+Ready\s/);

    const curl = await s.curl();
    expect(curl.code).toBe(0);
    expect(curl.stdout).toContain('<title>Welcome to nginx!</title>');
  });

  test("v1.8: legacy cluster fields, that release's CRD schema, and curl answers", async () => {
    const s = await scenario('healthy', { karmadaVersion: 'v1.8' });
    const mcs = await s.mcs();
    expect(mcs.spec).toEqual({
      types: ['CrossCluster'],
      serviceProvisionClusters: ['member1'],
      serviceConsumptionClusters: ['member2'],
    });
    expect(condition(mcs, 'EndpointSliceDispatched')?.status).toBe('True');
    const crdYaml = await s.ok(['get', 'crd', 'multiclusterservices.networking.karmada.io', '-o', 'yaml']);
    const crd = yaml.load(crdYaml) as Obj;
    const fields = Object.keys(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties).sort();
    expect(fields).toEqual(['ports', 'range', 'serviceConsumptionClusters', 'serviceProvisionClusters', 'types']);
    // v1.8 copies the Service as Works of its own, no ResourceBinding (mcs_controller.go at v1.8.0).
    expect(await s.bindings()).toEqual(['curl-deployment', 'nginx-deployment']);
    expect(await s.works()).toEqual(ALL_WORKS);
    expect((await s.curl()).code).toBe(0);
  });
});

describe('gate-off: the default karmadactl init install, Service and MCS applied by hand', () => {
  test.each(['v1.18', 'v1.8'])('%s: Karmada has not acted; curl cannot resolve the name', async (version) => {
    const s = await scenario('gate-off', { karmadaVersion: version });
    const mcs = await s.mcs();
    // karmada-webhook is registered for MCS by every install and labels it, gate or not (mutating.go).
    expect(mcs.metadata.labels['multiclusterservice.karmada.io/permanent-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(mcs.metadata.finalizers).toBeUndefined();
    expect(mcs.status ?? {}).toEqual({});
    if (version === 'v1.8') expect(mcs.spec.serviceProvisionClusters).toEqual(['member1']);
    expect(await s.events()).toEqual([]);
    expect(await s.works()).toEqual([]);
    expect(await s.bindings()).toEqual(['curl-deployment', 'nginx-deployment']);
    expect((await s.controllerManagerCommand()).filter((f) => f.startsWith('--feature-gates'))).toEqual([]);
    const svc = await s.run(['get', 'svc', 'nginx'], 'member2');
    expect(svc.stderr).toBe('Error from server (NotFound): services "nginx" not found\n');
    expect(await s.consumerSlices()).toEqual({});
    const curl = await s.curl();
    expect(curl.code).toBe(6);
    expect(curl.stderr).toContain('curl: (6) Could not resolve host: nginx.default');
  });
});

test('agent-gate-off: member1 is Pull mode, its karmada-agent lacks the gate: nothing is collected', async () => {
  const s = await scenario('agent-gate-off');
  expect(await s.ok(['get', 'cluster', 'member1', '-o', 'jsonpath={.spec.syncMode}'])).toBe('Pull');
  const agent = await s.json(['get', 'deploy', 'karmada-agent', '-n', 'karmada-system'], 'member1');
  expect(agent.spec.template.spec.containers[0]!.command.join(' ')).not.toContain('MultiClusterService');
  expect(await s.controllerManagerCommand()).toContain(GATE_ON);
  const mcs = await s.mcs();
  expect(mcs.metadata.finalizers).toEqual([FINALIZER]);
  expect(condition(mcs, 'ServiceApplied')?.status).toBe('True');
  expect(condition(mcs, 'EndpointSliceDispatched')).toBeUndefined();
  expect(await s.events()).toEqual([SYNCED]);
  expect(await s.works()).toEqual(ALL_WORKS.filter((w) => !w.includes('EndpointSlice')));
  // member2 has the Service, and only its own empty slice: kube-proxy rejects (no endpoints), curl exit 7.
  expect(Object.values(await s.consumerSlices())).toEqual([[]]);
  const curl = await s.curl();
  expect(curl.code).toBe(7);
  expect(curl.stderr).toContain('Failed to connect to nginx.default port 80');
});

test('controllers-off: slices are collected from member1 but never dispatched to member2', async () => {
  const s = await scenario('controllers-off');
  const command = await s.controllerManagerCommand();
  expect(command).toEqual(expect.arrayContaining([GATE_ON, '--controllers=*,-endpointsliceDispatch']));
  const mcs = await s.mcs();
  expect(condition(mcs, 'ServiceApplied')?.status).toBe('True');
  expect(condition(mcs, 'EndpointSliceDispatched')).toBeUndefined();
  expect(await s.events()).toEqual([SYNCED]);
  expect(await s.works()).toEqual(ALL_WORKS.filter((w) => w !== 'karmada-es-member2 EndpointSlice True'));
  expect(Object.values(await s.consumerSlices())).toEqual([[]]);
  expect((await s.curl()).code).toBe(7);
});

test("no-pod-network: Karmada reports success, but member2 cannot reach member1's pods: curl times out", async () => {
  const s = await scenario('no-pod-network');
  const mcs = await s.mcs();
  expect(condition(mcs, 'EndpointSliceDispatched')?.status).toBe('True');
  expect(await s.events()).toEqual([SYNCED, DISPATCHED]);
  expect(await s.works()).toEqual(ALL_WORKS);
  const slices = Object.entries(await s.consumerSlices()).find(([name]) => name.startsWith('member1-'));
  expect(slices?.[1]).toHaveLength(2);
  const curl = await s.curl();
  expect(curl.code).toBe(28);
  expect(curl.stderr).toContain('curl: (28) Connection timed out after 5');
});

test("cidr-overlap: both members on kind's 10.244.0.0/16; member2 keeps those IPs local", async () => {
  const s = await scenario('cidr-overlap');
  for (const member of ['member1', 'member2']) {
    const cidrs = await s.ok(['get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDRs}'], member);
    expect(JSON.parse(cidrs)).toEqual(['10.244.0.0/24']);
  }
  expect(condition(await s.mcs(), 'EndpointSliceDispatched')?.status).toBe('True');
  const [, ips] = Object.entries(await s.consumerSlices()).find(([name]) => name.startsWith('member1-'))!;
  expect(ips.sort()).toEqual(['10.244.0.2', '10.244.0.3']);
  // The CNI's local routes win: 10.244.0.2 is member2's own curl pod (nothing on port 80: refused), 10.244.0.3
  // no pod at all (never answered). kube-proxy picks either; nginx is never reached.
  const curlIp = await s.ok(['get', 'pods', '-l', 'app=curl', '-o', 'jsonpath={.items[0].status.podIP}'], 'member2');
  expect(curlIp).toBe('10.244.0.2');
  const codes = new Set<number>();
  for (let i = 0; i < 4; i++) {
    const curl = await s.curl();
    expect(curl.stdout).toBe('');
    codes.add(curl.code);
  }
  expect([...codes].sort()).toEqual([28, 7].sort());
});

test('wrong-target-port: endpoints on 8080 where nginx listens on 80: the pod refuses, curl exit 7', async () => {
  const s = await scenario('wrong-target-port');
  const svc = await s.json(['get', 'svc', 'nginx']);
  expect(svc.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
  expect(condition(await s.mcs(), 'EndpointSliceDispatched')?.status).toBe('True');
  const slices = await s.json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx'], 'member2');
  for (const slice of slices.items) expect(slice.ports.map((p: Obj) => p.port)).toEqual([8080]);
  // The pod network is linked, so the pod answers with a RST: refused, not a timeout.
  const curl = await s.curl();
  expect(curl.code).toBe(7);
  expect(curl.stderr).toContain('Failed to connect to nginx.default port 80');
});

test('tainted-consumer: the Service is not scheduled to the tainted member2, its slices are: no name', async () => {
  const s = await scenario('tainted-consumer');
  // What `kubectl karmada taint clusters member2 node-role=edge:NoSchedule` writes (no timeAdded for NoSchedule).
  const cluster = await s.json(['get', 'cluster', 'member2']);
  expect(cluster.spec.taints).toEqual([{ key: 'node-role', value: 'edge', effect: 'NoSchedule' }]);
  const rb = await s.json(['get', 'rb', 'nginx-service']);
  expect(rb.spec.clusters.map((c: Obj) => c.name)).toEqual(['member1']);
  expect(condition(await s.mcs(), 'EndpointSliceDispatched')?.status).toBe('True');
  expect(await s.works()).toEqual(ALL_WORKS.filter((w) => w !== 'karmada-es-member2 Service True'));
  expect((await s.run(['get', 'svc', 'nginx'], 'member2')).code).toBe(1);
  expect(Object.keys(await s.consumerSlices())).toEqual([expect.stringMatching(/^member1-nginx-/)]);
  const curl = await s.curl();
  expect(curl.code).toBe(6);
  expect(curl.stderr).toContain('Could not resolve host: nginx.default');
});

describe('stale-provider: member1 NotReady after its slices were dispatched', () => {
  test.each([
    ['v1.13', false],
    ['v1.14', true],
    ['v1.18', true],
  ])('%s keeps the dispatched slices in member2: %s', async (version, kept) => {
    const s = await scenario('stale-provider', { karmadaVersion: version });
    const cluster = await s.json(['get', 'cluster', 'member1']);
    // cluster_status_controller.go's unreachable condition; cluster_controller.go's not-ready taint.
    expect(condition(cluster, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ClusterNotReachable',
      message: 'cluster is not reachable',
    });
    expect(cluster.spec.taints).toEqual([
      { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: expect.stringMatching(/Z$/) },
    ]);
    expect(await s.ok(['get', 'clusters'])).toMatch(/member1\s+v1\.31\.2\s+Push\s+False/);
    expect((await s.events()).at(-1)).toEqual([
      'Warning',
      'SyncServiceFailed',
      'multiclusterservice/nginx',
      'Provider cluster member1 is not ready, skip to propagate MultiClusterService',
    ]);
    const works = await s.works();
    const sliceWorks = works.filter((w) => w.includes('EndpointSlice') || w.includes('MultiClusterService'));
    const withdrawnTo = Object.keys(await s.consumerSlices()).filter((n) => n.startsWith('member1-'));
    if (kept) {
      expect(sliceWorks).toEqual(ALL_WORKS.filter((w) => !w.includes(' Service ')));
      expect(withdrawnTo).toHaveLength(1);
      // Frozen slices point at pods no one can reach now: curl times out.
      expect((await s.curl()).code).toBe(28);
    } else {
      expect(sliceWorks).toEqual([]);
      expect(withdrawnTo).toEqual([]);
      expect((await s.curl()).code).toBe(7);
    }
  });
});

test("loadbalancer: no CrossCluster type, so Karmada's MCS controller ignores it", async () => {
  const s = await scenario('loadbalancer');
  const mcs = await s.mcs();
  expect(mcs.spec.types).toEqual(['LoadBalancer']);
  expect(mcs.metadata.finalizers).toBeUndefined();
  expect(mcs.status ?? {}).toEqual({});
  expect(await s.events()).toEqual([]);
  expect(await s.works()).toEqual([]);
  expect(await s.controllerManagerCommand()).toContain(GATE_ON);
  expect((await s.curl()).code).toBe(6);
});

describe("local-up installs: the gate as each release's local-up writes it, no flag added by hand", () => {
  test.each([
    [
      'v1.12',
      '--feature-gates=Failover=true,PropagationPolicyPreemption=true,MultiClusterService=true,' +
        'StatefulFailoverInjection=true',
    ],
    ['v1.13', '--feature-gates=AllAlpha=true,AllBeta=true'],
  ])('%s: healthy with %s', async (version, gates) => {
    const s = await scenario('healthy', { karmadaVersion: version, layout: 'local-up' });
    const command = await s.controllerManagerCommand();
    expect(command.filter((f) => f.startsWith('--feature-gates'))).toEqual([gates]);
    expect(condition(await s.mcs(), 'EndpointSliceDispatched')?.status).toBe('True');
    expect((await s.curl()).code).toBe(0);
  });
});

test('controllers-off with karmada-operator: set in the Karmada object, so the operator keeps it', async () => {
  const s = await scenario('controllers-off', { layout: 'operator' });
  const karmada = await s.json(['get', 'karmada', 'karmada-demo', '-n', 'karmada-system'], 'karmada-host');
  expect(karmada.spec.featureGates).toEqual({ MultiClusterService: true });
  expect(karmada.spec.components.karmadaControllerManager.extraArgs).toEqual({
    controllers: '*,-endpointsliceDispatch',
  });
  expect(await s.controllerManagerCommand()).toEqual(
    expect.arrayContaining(['--controllers=*,-endpointsliceDispatch', GATE_ON]),
  );
  expect(condition(await s.mcs(), 'EndpointSliceDispatched')).toBeUndefined();
  // A later edit of the Karmada object re-renders the Deployment from it (operator/pkg/util/patcher).
  await s.ok(
    [
      'patch',
      'karmada',
      'karmada-demo',
      '-n',
      'karmada-system',
      '--type',
      'merge',
      '-p',
      '{"spec":{"featureGates":{"Failover":true}}}',
    ],
    'karmada-host',
  );
  let command = await s.controllerManagerCommand();
  while (!command.includes('--feature-gates=Failover=true,MultiClusterService=true')) {
    command = await s.controllerManagerCommand();
  }
  expect(command).toContain('--controllers=*,-endpointsliceDispatch');
});
