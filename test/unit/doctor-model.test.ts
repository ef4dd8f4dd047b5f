// The diagnosis model on one snapshot per issue scenario: the first failing stage, the JSON
// id/result that names it, and the status verdict taken from the same findings.
import {
  type Finding,
  type ProbeOutcome,
  STAGES,
  firstFailure,
  probeKey,
  publicCheck,
} from '../../src/karmada/diagnosis/checks.js';
import { diagnose } from '../../src/karmada/diagnosis/model.js';
import { buildStatus } from '../../src/status/model.js';
import type { MemberFacts, Snapshot } from '../../src/karmada/snapshot.js';
import {
  NS,
  PROVIDER_IPS,
  agent,
  cluster,
  controllerManager,
  healthy,
  importedSlice,
  localSlice,
  mcs,
  member,
  memberOf,
  node,
  service,
} from './fixtures.js';

const verdict = (snap: Snapshot, findings = diagnose(snap)) => buildStatus(snap, snap.mcs[0]!, findings).verdict;
const failing = (findings: Finding[]) =>
  findings.filter((f) => f.result === 'fail').map((f) => `${f.id}${f.cluster ? `@${f.cluster}` : ''}`);

test('healthy: every stage passes in pipeline order and status says Healthy', () => {
  const snap = healthy();
  const findings = diagnose(snap);
  expect(failing(findings)).toEqual([]);
  expect(findings.filter((f) => f.result !== 'ok')).toEqual([]);
  const order = findings.map((f) => STAGES.indexOf(f.id));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect([...new Set(findings.map((f) => f.id))]).toEqual(STAGES.filter((s) => s !== 'reachability'));
  expect(findings.find((f) => f.id === 'api')!.message).toContain(
    'release v1.14.2 (from the controller-manager image)',
  );
  expect(verdict(snap)).toEqual({
    healthy: true,
    reason: 'Healthy',
    message: 'member2 has nginx.default with 2 ready endpoints from member1 (probe tests the pod network)',
  });
});

test('gate off with the host readable: gate fails first, with the enable command', () => {
  const snap = healthy();
  snap.host.container = controllerManager();
  snap.mcs = [mcs('nginx', {}, [])];
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({ id: 'gate', result: 'fail', hint: 'kubectl karmada-mcs enable' });
  expect(publicCheck(firstFailure(findings)!)).toEqual({
    id: 'gate',
    result: 'fail',
    hint: 'kubectl karmada-mcs enable',
    message:
      'the MultiClusterService feature gate is off (default) in karmada-controller-manager, so Karmada ignores every MultiClusterService',
  });
  expect(verdict(snap).reason).toBe('GateOff');
  expect(diagnose(snap, { reach: { hostContext: 'kind-host' } })[1]!.hint).toBe(
    'kubectl karmada-mcs enable --host-context kind-host',
  );
});

// Every hint reaches the clusters doctor reached, in the words of the tool it runs.
test('hints repeat --kubeconfig and the contexts: for the plugin, karmadactl and kubectl alike', () => {
  const reach = { kubeconfig: '/tmp/my config', karmadaContext: 'kapi', hostContext: 'myhost' };
  const gateOff = healthy();
  gateOff.host.container = controllerManager();
  expect(firstFailure(diagnose(gateOff, { reach }))!.hint).toBe(
    "kubectl karmada-mcs enable --kubeconfig '/tmp/my config' --karmada-context kapi --host-context myhost",
  );
  const notReady = healthy();
  notReady.clusters[0]!.status.conditions = [{ type: 'Ready', status: 'False' }];
  memberOf(notReady, 'member1').ready = false;
  expect(firstFailure(diagnose(notReady, { reach }))!.hint).toBe(
    "kubectl --kubeconfig '/tmp/my config' --context kapi describe cluster member1",
  );
  const overlap = healthy();
  memberOf(overlap, 'member2').nodes = [node('m2-n1', '10.244.0.0/16')];
  expect(firstFailure(diagnose(overlap, { reach, karmadactl: true }))!.hint).toMatch(
    /^kubectl karmada get --kubeconfig '\/tmp\/my config' --karmada-context kapi nodes --operation-scope members /,
  );
  expect(firstFailure(diagnose(overlap, { reach }))!.hint).toBe(
    "`kubectl --kubeconfig '/tmp/my config' --context kapi get --raw " +
      "'/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/api/v1/nodes'` and " +
      "`kubectl --kubeconfig '/tmp/my config' --context kapi get --raw " +
      "'/apis/cluster.karmada.io/v1alpha1/clusters/member2/proxy/api/v1/nodes'`",
  );
  // The host's own --context stays: only the kubeconfig is added.
  const down = healthy();
  down.host.pods = { desired: 1, available: 0 };
  expect(firstFailure(diagnose(down, { reach }))!.hint).toBe(
    "kubectl --kubeconfig '/tmp/my config' --context karmada-host -n karmada-system logs deployment/karmada-controller-manager",
  );
});

test('gate off without the host: a warning that it is unknown, never NoProviderEndpoints', () => {
  const snap = healthy();
  snap.host = { error: 'context "karmada-host" not found in the kubeconfig' };
  snap.mcs = [mcs('nginx', {}, [])];
  for (const m of snap.members.values()) Object.assign(m, { services: [], slices: [] });
  const findings = diagnose(snap, { contexts: ['kind-karmada-host'] });
  const gate = findings.find((f) => f.id === 'gate')!;
  expect(gate).toMatchObject({ result: 'warn', hint: 'kubectl karmada-mcs doctor --host-context kind-karmada-host' });
  expect(gate.message).toContain('unknown');
  expect(findings.find((f) => f.id === 'controllers')).toMatchObject({ result: 'skip' });
  expect(firstFailure(findings)).toMatchObject({
    id: 'service-applied',
    reason: 'NotActedOn',
    hint: 'kubectl karmada-mcs enable --host-context kind-karmada-host',
  });
  const v = verdict(snap, findings);
  expect(v.reason).toBe('NotActedOn');
  expect(v.message).toMatch(/feature gate may be off, and it is unknown because the host cluster could not be read/);
  expect(findings.find((f) => f.id === 'api')!.message).toMatch(/release unknown$/);
});

/** nginx provided by member3, a Pull-mode cluster, with nothing collected yet: member2 has no slice from it. */
function pullProvider(snap: Snapshot, facts: Partial<MemberFacts> = {}): Snapshot {
  snap.mcs = [mcs('nginx', { providerClusters: [{ name: 'member3' }] }, [mcs().status.conditions[0]])];
  snap.clusters.push(cluster('member3', { syncMode: 'Pull' }));
  snap.members.set(
    'member3',
    member('member3', {
      syncMode: 'Pull',
      services: [memberOf(snap, 'member1').services[0]!],
      slices: [localSlice('nginx', PROVIDER_IPS)],
      ...facts,
    }),
  );
  memberOf(snap, 'member2').slices = [localSlice('nginx', [])];
  return snap;
}

test('agent-gate-off: a Pull provider whose karmada-agent lacks the gate', () => {
  const snap = pullProvider(healthy(), {
    agent: { container: agent('--cluster-name=member3') },
    nodes: [node('m3', '10.246.0.0/24')],
  });
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({
    id: 'agent-gate',
    cluster: 'member3',
    result: 'fail',
    hint: 'kubectl karmada-mcs enable --agents',
  });
  expect(failing(findings)).toEqual(['agent-gate@member3', 'dispatch', 'dispatch@member2']);
  expect(verdict(snap).reason).toBe('AgentGateOff');
  memberOf(snap, 'member3').agent = { container: agent('--feature-gates=MultiClusterService=true') };
  expect(firstFailure(diagnose(snap))).toMatchObject({ id: 'dispatch', reason: 'NothingCollected' });
  memberOf(snap, 'member3').agent = {
    container: agent('--feature-gates=MultiClusterService=true', '--controllers=*,-endpointsliceCollect'),
  };
  expect(firstFailure(diagnose(snap))).toMatchObject({
    id: 'agent-gate',
    cluster: 'member3',
    reason: 'ControllersOff',
  });
  expect(firstFailure(diagnose(snap))!.message).toMatch(/turns off endpointsliceCollect: .*; set the flag to \*$/);
});

test("a Pull provider's karmada-agent with the gate but no available pod: AgentDown, its pods to look at", () => {
  const snap = pullProvider(healthy(), {
    agent: {
      container: agent('--feature-gates=MultiClusterService=true'),
      deployment: { name: 'karmada-agent', namespace: 'karmada-system', selector: 'app=karmada-agent' },
      pods: { desired: 1, available: 0, rollout: '0/1 replicas available' },
    },
    nodes: [node('m3', '10.246.0.0/24')],
  });
  expect(firstFailure(diagnose(snap))).toEqual({
    id: 'agent-gate',
    cluster: 'member3',
    result: 'fail',
    reason: 'AgentDown',
    message:
      'karmada-agent of Pull-mode provider member3 has no available pod (0 of 1): nothing collects its EndpointSlices',
    hint: "kubectl get --raw '/apis/cluster.karmada.io/v1alpha1/clusters/member3/proxy/api/v1/namespaces/karmada-system/pods'",
  });
  memberOf(snap, 'member3').agent!.pods = { desired: 1, available: 1 };
  expect(firstFailure(diagnose(snap))).toMatchObject({ id: 'dispatch', reason: 'NothingCollected' });
});

test("status's snapshot (not deep) reads no agent: a Pull provider's missing collection names the agents", () => {
  const snap = pullProvider(healthy());
  snap.deep = false;
  const findings = diagnose(snap);
  expect(findings.some((f) => f.id === 'agent-gate')).toBe(false);
  expect(firstFailure(findings)).toMatchObject({
    id: 'dispatch',
    reason: 'NothingCollected',
    hint: 'kubectl karmada-mcs enable --agents',
  });
  expect(firstFailure(findings)!.message).toMatch(/member3 is Pull-mode, whose karmada-agent needs the gate too$/);
});

test('controllers-off: --controllers turns the MCS controllers off while the gate is on', () => {
  const snap = healthy();
  snap.host.container = controllerManager(
    '--feature-gates=MultiClusterService=true',
    '--controllers=*,-multiclusterservice,-endpointsliceDispatch',
  );
  snap.mcs = [mcs('nginx', {}, [])];
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({ id: 'controllers', result: 'fail' });
  expect(firstFailure(findings)!.message).toContain('turns off multiclusterservice, endpointsliceDispatch');
  expect(firstFailure(findings)!.hint).toBe('kubectl karmada-mcs enable');
  expect(verdict(snap).reason).toBe('ControllersOff');
});

test('no-pod-network: everything passes until the probe, which the reachability check reports', () => {
  const snap = healthy();
  expect(diagnose(snap).some((f) => f.id === 'reachability')).toBe(false);
  const probes = new Map<string, ProbeOutcome>([
    [
      probeKey({ namespace: NS, name: 'nginx', consumer: 'member2' }),
      {
        result: 'fail',
        message: 'member2 cannot reach http://nginx.default: timeout',
        hint: 'kubectl karmada-mcs probe nginx -n default --consumer member2',
      },
    ],
  ]);
  const findings = diagnose(snap, { probe: true, probes });
  expect(failing(findings)).toEqual(['reachability@member2']);
  expect(findings.at(-1)).toMatchObject({
    id: 'reachability',
    cluster: 'member2',
    result: 'fail',
    mcs: 'nginx',
    namespace: NS,
  });
  expect(verdict(snap, findings).reason).toBe('Unreachable');
  expect(diagnose(snap, { probe: true }).at(-1)).toMatchObject({ id: 'reachability', result: 'skip' });
});

test('cidr-overlap: provider and consumer pod CIDRs overlap', () => {
  const snap = healthy();
  memberOf(snap, 'member2').nodes = [node('m2-n1', '10.244.0.0/16')];
  const findings = diagnose(snap);
  expect(failing(findings)).toEqual(['pod-network@member2']);
  expect(firstFailure(findings)!.message).toContain(
    'pod CIDRs of member1 (10.244.1.0/24) and member2 (10.244.0.0/16) overlap',
  );
  expect(verdict(snap, findings).reason).toBe('PodCidrOverlap');
  memberOf(snap, 'member2').nodes = [];
  expect(diagnose(snap).find((f) => f.id === 'pod-network')).toMatchObject({
    result: 'skip',
    message: expect.stringContaining('member2: no node reports'),
  });
});

// karmadactl get reads members by --clusters alone up to v1.10; from v1.11 it needs --operation-scope members.
test.each([
  ['v1.10.4', 'kubectl karmada get nodes --clusters member1,member2 -o '],
  ['v1.11.0', 'kubectl karmada get nodes --operation-scope members --clusters member1,member2 -o '],
  ['latest', 'kubectl karmada get nodes --operation-scope members --clusters member1,member2 -o '],
])("a member's hint is in karmadactl's words of the release (%s)", (tag, hint) => {
  const snap = healthy();
  snap.host.container = { ...snap.host.container, image: `docker.io/karmada/karmada-controller-manager:${tag}` };
  memberOf(snap, 'member2').nodes = [node('m2-n1', '10.244.0.0/16')];
  expect(firstFailure(diagnose(snap, { karmadactl: true }))!.hint).toMatch(
    new RegExp(`^${hint.replace(/[.]/g, '\\.')}`),
  );
});

// A hint must run where it is printed: karmadactl's plugin may not be installed, and a member may be reached through
// the context the user mapped it to rather than through Karmada.
test("a member's hint reads it through its --cluster-context, else karmadactl when installed, else the proxy", () => {
  const snap = healthy();
  memberOf(snap, 'member2').nodes = [node('m2-n1', '10.244.0.0/16')];
  const columns = '-o custom-columns=NAME:.metadata.name,PODCIDRS:.spec.podCIDRs';
  const reach = { clusterContexts: ['member2=kind-member2'] };
  expect(firstFailure(diagnose(snap, { reach, karmadactl: true }))!.hint).toBe(
    `\`kubectl --context kind-member2 get nodes ${columns}\` and ` +
      `\`kubectl karmada get nodes --operation-scope members --clusters member1 ${columns}\``,
  );
  expect(firstFailure(diagnose(snap, { reach }))!.hint).toBe(
    `\`kubectl --context kind-member2 get nodes ${columns}\` and ` +
      "`kubectl get --raw '/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/api/v1/nodes'`",
  );
  const both = { clusterContexts: ['member1=kind-member1', 'member2=kind-member2'] };
  expect(firstFailure(diagnose(snap, { reach: both }))!.hint).toBe(
    `\`kubectl --context kind-member1 get nodes ${columns}\` and \`kubectl --context kind-member2 get nodes ${columns}\``,
  );
});

test("status's snapshot (not deep) compares no pod CIDRs: it read no Nodes", () => {
  const snap = healthy();
  snap.deep = false;
  for (const m of snap.members.values()) delete m.nodes;
  const findings = diagnose(snap);
  expect(findings.some((f) => f.id === 'pod-network')).toBe(false);
  expect(verdict(snap, findings).reason).toBe('Healthy');
});

test('wrong-target-port: judged only where the containers declare ports; the hint patches the Service', () => {
  const snap = healthy();
  snap.services.set(`${NS}/nginx`, service('nginx', 8080));
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({
    id: 'provider-endpoints',
    result: 'fail',
    reason: 'TargetPortMismatch',
    hint: `kubectl patch service nginx -n default --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]'`,
  });
  expect(verdict(snap).message).toBe(
    'targetPort 8080 of service nginx is not a container port of deployment nginx (80): connections are refused',
  );
  delete snap.deployments[0]!.spec.template.spec.containers[0]!.ports;
  expect(failing(diagnose(snap))).toEqual([]);
});

test('tainted-consumer: no Service copy where the placement does not tolerate a NoSchedule taint', () => {
  const snap = healthy();
  snap.clusters[1] = cluster('member2', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
  memberOf(snap, 'member2').services = [];
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({
    id: 'clusters',
    cluster: 'member2',
    mcs: 'nginx',
    result: 'fail',
    reason: 'ClusterTainted',
    hint:
      `kubectl patch cluster member2 --type=json -p '[{"op":"test","path":"/spec/taints/0",` +
      `"value":{"key":"dedicated","value":"gpu","effect":"NoSchedule"}},{"op":"remove","path":"/spec/taints/0"}]'`,
  });
  expect(failing(findings)).toEqual(['clusters@member2', 'service-copies@member2']);
  expect(verdict(snap).healthy).toBe(false);
  snap.bindings![0]!.spec.placement.clusterTolerations = [
    { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' },
  ];
  expect(failing(diagnose(snap))).toEqual(['service-copies@member2']);
  memberOf(snap, 'member2').services = memberOf(snap, 'member1').services;
  snap.bindings = [];
  expect(diagnose(snap).find((f) => f.id === 'clusters' && f.mcs)).toMatchObject({ result: 'warn' });
});

test('stale-provider: a NotReady provider whose slices stay frozen in the consumer', () => {
  const snap = healthy();
  snap.clusters[0] = cluster('member1', { ready: false });
  Object.assign(memberOf(snap, 'member1'), {
    ready: false,
    error: 'the cluster proxy answered 503',
    services: [],
    slices: [],
  });
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({ id: 'clusters', cluster: 'member1', reason: 'ClusterNotReady' });
  expect(findings.find((f) => f.id === 'dispatch' && f.cluster === 'member2')).toMatchObject({
    result: 'fail',
    reason: 'StaleSlices',
  });
  expect(verdict(snap).reason).toBe('ClusterNotReady');
});

test('stale slices from a Ready provider, and duplicate addresses, are not healthy', () => {
  const snap = healthy();
  memberOf(snap, 'member1').slices = [localSlice('nginx', ['10.244.1.7', '10.244.1.6'])];
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({ id: 'dispatch', cluster: 'member2', reason: 'StaleSlices' });
  expect(firstFailure(findings)!.message).toBe(
    'the endpoints from member1 in member2 are stale: 10.244.1.5 no longer in member1; 10.244.1.7 not yet dispatched',
  );
  const dup = healthy();
  memberOf(dup, 'member2').slices.push(importedSlice('nginx', 'member1', [PROVIDER_IPS[0]!], 'fghij'));
  expect(firstFailure(diagnose(dup))).toMatchObject({ id: 'dispatch', reason: 'DuplicateEndpoints' });
});

test('a consumer without the Service copy is not healthy', () => {
  const snap = healthy();
  memberOf(snap, 'member2').services = [];
  expect(firstFailure(diagnose(snap))).toMatchObject({
    id: 'service-copies',
    cluster: 'member2',
    reason: 'ServiceCopyMissing',
  });
  expect(verdict(snap)).toMatchObject({
    healthy: false,
    reason: 'ServiceCopyMissing',
    message: 'no service nginx in consumer member2: the name nginx.default does not resolve there',
  });
});

test('loadbalancer: its own verdict; the CrossCluster checks are skipped with why; nothing fails', () => {
  const snap = healthy();
  snap.mcs = [mcs('nginx', { types: ['LoadBalancer'] }, [])];
  const findings = diagnose(snap);
  expect(failing(findings)).toEqual([]);
  expect(findings.find((f) => f.id === 'mcs')).toMatchObject({
    result: 'warn',
    message: expect.stringContaining('external multicluster cloud provider'),
  });
  for (const id of [
    'service',
    'service-applied',
    'service-copies',
    'provider-endpoints',
    'dispatch',
    'events',
  ] as const) {
    expect(findings.find((f) => f.id === id)).toMatchObject({
      result: 'skip',
      message: 'not applicable to a LoadBalancer MultiClusterService',
    });
  }
  expect(verdict(snap)).toMatchObject({ healthy: true, reason: 'LoadBalancer' });
});

test('the MultiClusterService is missing: the install is still checked', () => {
  const snap = healthy();
  snap.mcs = [];
  const findings = diagnose(snap);
  expect(failing(findings)).toEqual(['mcs']);
  expect(firstFailure(findings)!.hint).toBe(
    'kubectl karmada-mcs expose deployment/nginx --name nginx -n default --provider <cluster> --consumer <cluster>',
  );
  expect(findings.map((f) => f.id)).toContain('gate');
});

test('v1.8 names the clusters in serviceProvisionClusters / serviceConsumptionClusters', () => {
  const snap = healthy();
  snap.mcs = [
    mcs('nginx', {
      providerClusters: undefined,
      consumerClusters: undefined,
      serviceProvisionClusters: ['member1'],
      serviceConsumptionClusters: ['member2'],
    }),
  ];
  const findings = diagnose(snap);
  expect(failing(findings)).toEqual([]);
  expect(findings.find((f) => f.id === 'mcs')!.message).toBe(
    'nginx is CrossCluster: providers member1, consumers member2',
  );
});

test('Warning events on the MCS are warnings, newest first', () => {
  const snap = healthy();
  const event = (reason: string, at: string) => ({
    type: 'Warning',
    reason,
    message: `${reason} happened`,
    lastTimestamp: at,
    involvedObject: { kind: 'MultiClusterService', name: 'nginx', namespace: NS },
  });
  snap.events = [
    event('SyncServiceFailed', '2026-01-01T00:00:00Z'),
    event('ClusterNotFound', '2026-01-02T00:00:00Z'),
    { ...event('Other', '2026-01-03T00:00:00Z'), type: 'Normal' },
  ];
  const events = diagnose(snap).filter((f) => f.id === 'events');
  expect(events.map((e) => [e.result, e.message])).toEqual([
    ['warn', 'ClusterNotFound: ClusterNotFound happened'],
    ['warn', 'SyncServiceFailed: SyncServiceFailed happened'],
  ]);
  expect(verdict(snap).healthy).toBe(true);
});

test('an unregistered or unreadable cluster, and a cluster without the EndpointSlice API', () => {
  const snap = healthy();
  snap.clusters = [snap.clusters[0]!];
  Object.assign(memberOf(snap, 'member2'), { error: 'no Cluster object of that name', ready: false });
  expect(firstFailure(diagnose(snap))).toMatchObject({
    id: 'clusters',
    cluster: 'member2',
    mcs: 'nginx',
    reason: 'ClusterNotFound',
    hint: 'kubectl get clusters',
  });
  snap.mcs = [mcs('nginx', { consumerClusters: [{ name: 'member2' }, { name: 'member1' }] })];
  expect(firstFailure(diagnose(snap))!.hint).toBe(
    `kubectl patch mcs nginx -n default --type=merge -p '{"spec":{"consumerClusters":[{"name":"member1"}]}}'`,
  );
  const unread = healthy();
  memberOf(unread, 'member2').error = 'unreachable';
  expect(firstFailure(diagnose(unread))).toMatchObject({
    id: 'clusters',
    reason: 'ClusterUnreadable',
    message: 'cluster member2 could not be read: unreachable',
  });
  const noApi = healthy();
  // v1.15 on: an incomplete list is no verdict (the release-by-release rule is the test below).
  noApi.host.container = { ...noApi.host.container, image: 'docker.io/karmada/karmada-controller-manager:v1.18.0' };
  noApi.clusters[1]!.status.apiEnablements = [
    { groupVersion: 'v1', resources: [{ name: 'services', kind: 'Service' }] },
  ];
  expect(firstFailure(diagnose(noApi))).toBeUndefined();
  noApi.clusters[1]!.status.conditions.push({ type: 'CompleteAPIEnablements', status: 'True' });
  expect(firstFailure(diagnose(noApi))).toMatchObject({ id: 'clusters', reason: 'NoEndpointSliceAPI' });
});

// mcs_controller.go and endpointslice_dispatch_controller.go: helper.IsAPIEnabled up to v1.14, Cluster.APIEnablement
// (APIDisabled only when the list is complete) from v1.15; v1.8 does not look.
test.each([
  ['v1.8.0', undefined],
  ['v1.9.0', 'kubectl describe cluster member2'],
  ['v1.14.2', 'kubectl describe cluster member2'],
  ['v1.15.0', undefined],
  ['latest', undefined],
])('a Cluster whose incomplete API list lacks EndpointSlices, at %s', (tag, hint) => {
  const snap = healthy();
  snap.host.container = { ...snap.host.container, image: `docker.io/karmada/karmada-controller-manager:${tag}` };
  snap.clusters[1]!.status.apiEnablements = [
    { groupVersion: 'v1', resources: [{ name: 'services', kind: 'Service' }] },
  ];
  const failure = firstFailure(diagnose(snap));
  if (hint) expect(failure).toMatchObject({ id: 'clusters', reason: 'NoEndpointSliceAPI', hint });
  else expect(failure).toBeUndefined();
});

test('the JSON shape of a check carries only the documented keys, in order', () => {
  const f: Finding = {
    id: 'dispatch',
    cluster: 'member2',
    namespace: NS,
    mcs: 'nginx',
    result: 'fail',
    message: 'm',
    hint: 'h',
    reason: 'StaleSlices',
  };
  expect(Object.keys(publicCheck(f))).toEqual(['id', 'cluster', 'namespace', 'mcs', 'result', 'message', 'hint']);
  expect(Object.keys(publicCheck({ id: 'api', result: 'ok', message: 'm' }))).toEqual(['id', 'result', 'message']);
});

test('no provider endpoints because the Deployment runs elsewhere: the hint names those clusters as providers', () => {
  const snap = healthy();
  snap.bindings!.push({
    metadata: { name: 'nginx-deployment', namespace: NS },
    spec: { clusters: [{ name: 'member3' }] },
  });
  memberOf(snap, 'member1').slices = [localSlice('nginx', [])];
  memberOf(snap, 'member2').slices = [localSlice('nginx', [])];
  expect(firstFailure(diagnose(snap))).toMatchObject({
    id: 'provider-endpoints',
    cluster: 'member1',
    reason: 'NoProviderEndpoints',
    message:
      'no ready endpoints behind service nginx in provider member1: deployment nginx runs in member3 (ResourceBinding nginx-deployment), not there',
    hint: `kubectl patch mcs nginx -n default --type=merge -p '{"spec":{"providerClusters":[{"name":"member3"}]}}'`,
  });
  snap.mcs = [
    mcs('nginx', {
      providerClusters: undefined,
      consumerClusters: undefined,
      serviceProvisionClusters: ['member1'],
      serviceConsumptionClusters: ['member2'],
    }),
  ];
  expect(firstFailure(diagnose(snap))!.hint).toBe(
    `kubectl patch mcs nginx -n default --type=merge -p '{"spec":{"serviceProvisionClusters":["member3"]}}'`,
  );
  snap.bindings = [];
  expect(firstFailure(diagnose(snap))!.message).toMatch(
    /is the workload running there and does the selector match its pods\?$/,
  );
});

test('missing slices in a consumer: the EndpointSlice Works say where they stopped', () => {
  const snap = healthy();
  memberOf(snap, 'member2').slices = [localSlice('nginx', [])];
  const labels = { 'multiclusterservice.karmada.io/name': 'nginx', 'multiclusterservice.karmada.io/namespace': NS };
  const slice = { spec: { workload: { manifests: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }] } } };
  const collected = { metadata: { name: 'nginx-abcde-eps', namespace: 'karmada-es-member1', labels }, ...slice };
  const dispatched = {
    metadata: {
      name: 'nginx-abcde-eps',
      namespace: 'karmada-es-member2',
      labels,
      annotations: { 'endpointslice.karmada.io/provision-cluster': 'member1' },
    },
    ...slice,
    status: { conditions: [{ type: 'Applied', status: 'False', reason: 'AppliedFailed', message: 'quota exceeded' }] },
  };
  // mcs_controller.go puts the MultiClusterService itself, with the same labels, in each provider's execution space.
  const mcsWork = {
    metadata: { name: 'nginx-747889f6c4', namespace: 'karmada-es-member1', labels },
    spec: { workload: { manifests: [{ apiVersion: 'networking.karmada.io/v1alpha1', kind: 'MultiClusterService' }] } },
  };
  const missing = () => firstFailure(diagnose(snap))!;
  expect(missing()).toMatchObject({
    id: 'dispatch',
    cluster: 'member2',
    reason: 'ConsumerMissingSlices',
    message: 'consumer member2 has no EndpointSlice from provider member1',
  });
  for (const works of [[], [mcsWork]]) {
    snap.works = works;
    expect(missing()).toMatchObject({
      message:
        'consumer member2 has no EndpointSlice from provider member1: Karmada has not collected it (no EndpointSlice Work in karmada-es-member1)',
      hint: 'kubectl get works -n karmada-es-member1 -l multiclusterservice.karmada.io/name=nginx',
    });
  }
  snap.works = [mcsWork, collected];
  expect(missing().message).toMatch(
    /: collected \(Work nginx-abcde-eps in karmada-es-member1\) but not dispatched to karmada-es-member2$/,
  );
  snap.works = [collected, dispatched];
  expect(missing()).toMatchObject({
    message: expect.stringMatching(
      /: dispatched as Work nginx-abcde-eps in karmada-es-member2 but not applied there \(Applied=False: AppliedFailed quota exceeded\)$/,
    ),
    hint: 'kubectl describe work nginx-abcde-eps -n karmada-es-member2',
  });
});

test('status of a v1.8 MultiClusterService names its clusters from the legacy fields', () => {
  const snap = healthy();
  snap.mcs = [
    mcs('nginx', { providerClusters: undefined, consumerClusters: undefined, serviceProvisionClusters: ['member1'] }),
  ];
  const s = buildStatus(snap, snap.mcs[0]);
  expect(s).toMatchObject({
    providers: ['member1'],
    consumers: ['member1', 'member2'],
    allProviders: false,
    allConsumers: true,
  });
});

// The False conditions as Karmada writes them: mcs_controller.go (ServiceAppliedFailed) and
// endpointslice_dispatch_controller.go (EndpointSliceDispatchedFailed), each with the error as message.
test('ServiceApplied=False and EndpointSliceDispatched=False: their own verdicts, with the condition message', () => {
  const failedCondition = (type: string, reason: string, message: string) => ({
    type,
    status: 'False',
    reason,
    message,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  });
  const notApplied = healthy();
  notApplied.mcs = [
    mcs('nginx', {}, [
      failedCondition('ServiceApplied', 'ServiceAppliedFailed', 'admission webhook denied the request'),
    ]),
  ];
  expect(verdict(notApplied)).toEqual({
    healthy: false,
    reason: 'ServiceNotApplied',
    message: 'Karmada could not propagate the Service: ServiceAppliedFailed: admission webhook denied the request',
    hint: 'kubectl describe mcs nginx -n default',
  });
  const notDispatched = healthy();
  const applied = notDispatched.mcs[0]!.status.conditions[0];
  notDispatched.mcs = [
    mcs('nginx', {}, [applied, failedCondition('EndpointSliceDispatched', 'EndpointSliceDispatchedFailed', 'quota')]),
  ];
  expect(verdict(notDispatched)).toMatchObject({
    healthy: false,
    reason: 'NotDispatched',
    message: 'EndpointSlices were not dispatched: EndpointSliceDispatchedFailed: quota',
    hint: 'kubectl describe mcs nginx -n default',
  });
});

test('types Karmada does not know: NotCrossCluster, and the later stages are skipped', () => {
  const snap = healthy();
  snap.mcs = [mcs('nginx', { types: ['Foo'] })];
  const findings = diagnose(snap);
  expect(firstFailure(findings)).toMatchObject({ id: 'mcs', result: 'fail', reason: 'NotCrossCluster' });
  expect(findings.filter((f) => f.id === 'dispatch').map((f) => f.result)).toEqual(['skip']);
  expect(verdict(snap)).toMatchObject({ healthy: false, reason: 'NotCrossCluster' });
});

// The flags read from the Deployment run only on a pod that is available; during a rollout, the old pod still acts.
test('karmada-controller-manager that does not run its flags: no available pod fails, a rollout warns', () => {
  const snap = healthy();
  const controllers = () => diagnose(snap).filter((f) => f.id === 'controllers');
  snap.host.pods = { desired: 1, available: 1 };
  expect(controllers().at(-1)).toMatchObject({ result: 'ok' });
  snap.host.pods = { desired: 1, available: 0, rollout: '0/1 replicas available' };
  expect(firstFailure(diagnose(snap))).toMatchObject({
    id: 'controllers',
    reason: 'ControllerManagerDown',
    message:
      'deployment karmada-system/karmada-controller-manager has no available pod (0 of 1): no Karmada controller runs',
    hint: 'kubectl --context karmada-host -n karmada-system logs deployment/karmada-controller-manager',
  });
  expect(verdict(snap).reason).toBe('ControllerManagerDown');
  snap.host.pods = { desired: 0, available: 0 };
  expect(firstFailure(diagnose(snap))!.message).toMatch(/is scaled to 0 replicas/);
  snap.host.pods = { desired: 1, available: 1, rollout: '1 old replicas pending termination' };
  expect(firstFailure(diagnose(snap))).toBeUndefined();
  expect(controllers().at(-1)).toMatchObject({
    result: 'warn',
    message: expect.stringContaining('is not rolled out (1 old replicas pending termination)'),
    hint: 'kubectl --context karmada-host -n karmada-system rollout status deployment/karmada-controller-manager',
  });
});
