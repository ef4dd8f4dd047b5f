// expose/unexpose against the simulated Karmada, asserting on the simulator's state.
import { type TestSim, startTestSim, writes } from './helpers/sim.js';
import { cli, exec, PLUGIN } from './helpers/cli.js';
import { kubectl } from './helpers/kubectl.js';
import { CLUSTERS, DEPLOYMENTS, ENDPOINTSLICES, MCS, SERVICES } from '../src/kube/resources.js';
import type { SimulatorOptions } from '../src/sim/index.js';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import yaml from 'js-yaml';

const EXPOSE = ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member2'];
let t: TestSim | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function sim(options: SimulatorOptions = {}, gateOn = true): Promise<TestSim> {
  t = await startTestSim(options);
  if (gateOn) expect((await cli(['enable', '--no-wait'], t.env)).code).toBe(0);
  t.sim.api.requests.length = 0;
  return t;
}

const svc = (s: TestSim, cluster = 'karmada', name = 'nginx') => s.sim.world.get(cluster, SERVICES, 'default', name);
const mcs = (s: TestSim, name = 'nginx') => s.sim.world.get('karmada', MCS, 'default', name);

test('the seed scenario: expose makes nginx in member1 reachable from member2', async () => {
  const s = await sim();
  const r = await cli(EXPOSE, s.env);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('service/nginx created\nmulticlusterservice.networking.karmada.io/nginx created\n');
  expect(r.code).toBe(0);
  expect(svc(s)!.spec).toMatchObject({ selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
  expect(svc(s)!.metadata.labels['app.kubernetes.io/managed-by']).toBe('kubectl-karmada-mcs');
  expect(mcs(s)!.spec).toEqual({ types: ['CrossCluster'], providerClusters: [{ name: 'member1' }], consumerClusters: [{ name: 'member2' }] });
  expect(mcs(s)!.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toEqual([['kubectl-karmada-mcs', 'Apply']]);
  s.sim.settle();
  const conditions = mcs(s)!.status.conditions.map((c: any) => [c.type, c.status, c.reason]);
  expect(conditions).toEqual([['ServiceApplied', 'True', 'ServiceAppliedSucceed'], ['EndpointSliceDispatched', 'True', 'EndpointSliceDispatchedSucceed']]);
  expect(svc(s, 'member2')!.metadata.labels['karmada.io/managed']).toBe('true');
  const dispatched = s.sim.world.list('member2', ENDPOINTSLICES, 'default').filter((e) => e.metadata.name.startsWith('member1-nginx-'));
  expect(dispatched).toHaveLength(1);
  expect(dispatched[0]!.endpoints).toHaveLength(2);

  const rvs = [svc(s)!.metadata.resourceVersion, mcs(s)!.metadata.resourceVersion];
  const again = await cli(EXPOSE, s.env);
  expect(again.stdout).toBe('service/nginx unchanged\nmulticlusterservice.networking.karmada.io/nginx unchanged\n');
  expect([svc(s)!.metadata.resourceVersion, mcs(s)!.metadata.resourceVersion]).toEqual(rvs);
});

test('--wait succeeds once Karmada reports both conditions', async () => {
  const s = await sim();
  const r = await cli([...EXPOSE, '--wait', '--timeout', '20s'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('multiclusterservice.networking.karmada.io/nginx ready: ServiceApplied=True, EndpointSliceDispatched=True');
});

test('--wait times out with each condition\'s last state: nothing collected from a Pull provider whose agent lacks the gate', async () => {
  const s = await sim({ pullMembers: ['member3'] });
  const r = await cli(['expose', 'nginx', '--provider', 'member3', '--consumer', 'member2', '--wait', '--timeout', '1s'], s.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Warning: deployment nginx is placed on member1, not on provider member3: that cluster has no nginx endpoints to share');
  expect(r.stderr).toContain('error: timed out after 1s waiting for multiclusterservice default/nginx: ServiceApplied=True (ServiceAppliedSucceed: Service is propagated to target clusters.), EndpointSliceDispatched absent');
});

test('--wait with the gate off times out with the conditions absent, after warning about the gate', async () => {
  const s = await sim({}, false);
  const r = await cli([...EXPOSE, '--wait', '--timeout', '1s'], s.env);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Warning: the MultiClusterService feature gate is off (default) in karmada-controller-manager');
  expect(r.stderr).toContain('`kubectl karmada-mcs enable`');
  expect(r.stderr).toContain('ServiceApplied absent, EndpointSliceDispatched absent');
});

describe('errors: exit code, one line, nothing written', () => {
  test.each<[string, string[], number, RegExp]>([
    ['unknown cluster', ['expose', 'nginx', '--provider', 'member1', '--consumer', 'member9'], 1, /^error: unknown cluster "member9": Karmada has no Cluster object of that name; known clusters: member1, member2\n/],
    ['missing --consumer', ['expose', 'nginx', '--provider', 'member1'], 2, /^error: --consumer is required: name the consumer clusters, or pass --all-consumers \(in Karmada an empty consumer list means every registered cluster\)\n/],
    ['--provider with --all-providers', [...EXPOSE, '--all-providers'], 2, /^error: --provider and --all-providers cannot be used together\n/],
    ['invalid name', [...EXPOSE, '--name', 'Web_1'], 2, /^error: invalid MultiClusterService name: name: Invalid value: "Web_1": a DNS-1035 label/],
    ['cluster name over 48 characters', ['expose', 'nginx', '--provider', 'm'.repeat(49), '--consumer', 'member2'], 2, /^error: invalid cluster name: --provider\[0\]: Invalid value: "m{49}": must be no more than 48 characters\n/],
    ['no container ports', ['expose', 'curl', '--provider', 'member2', '--consumer', 'member1'], 2, /^error: deployment curl declares no container ports; pass --port/],
    ['missing deployment', ['expose', 'deployment/web', '--provider', 'member1', '--consumer', 'member2'], 1, /^error: deployment "web" not found in namespace "default" \(context "karmada-apiserver"\)\n/],
    ['missing service', ['expose', 'service/web', '--provider', 'member1', '--consumer', 'member2'], 1, /^error: service "web" not found in namespace "default"/],
    ['bad port', [...EXPOSE, '--port', '70000'], 2, /^error: invalid value "70000" for --port: expected a port number from 1 to 65535\n/],
    ['bad selector', [...EXPOSE, '--selector', 'app in (a)'], 2, /^error: invalid --selector "app in \(a\)"/],
    ['no name', ['expose', '--provider', 'member1', '--consumer', 'member2'], 2, /error: missing required argument 'NAME'/],
  ])('%s', async (_name, args, code, stderr) => {
    const s = await sim();
    const r = await cli(args, s.env);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(code);
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('a Deployment that selects with matchExpressions only needs --selector', async () => {
    const s = await sim();
    s.sim.world.put('karmada', DEPLOYMENTS, {
      metadata: { name: 'expr', namespace: 'default' },
      spec: { replicas: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['expr'] }] }, template: { metadata: { labels: { app: 'expr' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
    });
    const r = await cli(['expose', 'expr', '--provider', 'member1', '--consumer', 'member2'], s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: deployment expr selects its pods with matchExpressions only, which a Service cannot express; pass --selector key=value\n/);
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('a member Service that Karmada does not manage blocks the write unless --overwrite-member-services', async () => {
    const s = await sim();
    s.sim.world.put('member2', SERVICES, { metadata: { name: 'nginx', namespace: 'default' }, spec: { ports: [{ port: 80 }], clusterIP: '10.104.9.9' } });
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cluster member2 already has a service default\/nginx that Karmada does not manage: Karmada would overwrite it\nhint: rename with --name, or pass --overwrite-member-services/);
    expect(writes(s.sim)).toHaveLength(0);
    const forced = await cli([...EXPOSE, '--overwrite-member-services'], s.env);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Karmada will overwrite it (--overwrite-member-services)');
  });

  test('an existing MultiClusterService of another type cannot change its types', async () => {
    const s = await sim();
    s.sim.world.put('karmada', MCS, { metadata: { name: 'nginx', namespace: 'default' }, spec: { types: ['LoadBalancer'] } });
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: multiclusterservice nginx already exists with types \[LoadBalancer\], and its types are immutable\n/);
    expect(writes(s.sim)).toHaveLength(0);
  });

  test('a failed MultiClusterService write after the Service was created says what exists and how to finish or undo', async () => {
    const s = await sim();
    s.sim.api.faults.push({ method: 'PATCH', path: '/multiclusterservices/nginx', status: 500, message: 'etcdserver: request timed out' });
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'error: writing multiclusterservice nginx failed: context "karmada-apiserver" answered 500: etcdserver: request timed out ' +
        `(patch multiclusterservices.networking.karmada.io "nginx" in namespace "default" at ${s.sim.karmadaUrl}); ` +
        'service/nginx was created in namespace default by this run and still exists, without a MultiClusterService',
      'hint: fix the cause and run the same expose again to finish, or undo with `kubectl delete service nginx -n default`',
      '',
    ].join('\n'));
    expect(svc(s)).toBeDefined();
    expect(mcs(s)).toBeUndefined();
  });
});

describe('warnings', () => {
  test('NotReady cluster, provider also consumer, target port not a container port', async () => {
    const s = await sim();
    const member2 = s.sim.world.get('karmada', CLUSTERS, undefined, 'member2')!;
    s.sim.world.put('karmada', CLUSTERS, { ...member2, status: { ...member2.status, conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterNotReachable' }] } });
    const r = await cli(['expose', 'nginx', '--provider', 'member1', '--consumer', 'member1,member2', '--target-port', '8080'], s.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: cluster member2 is not Ready');
    expect(r.stderr).toContain('Warning: cluster member1 is both provider and consumer');
    expect(r.stderr).toContain('Warning: targetPort 8080 of service nginx is not a container port of deployment nginx (80): requests will be refused');
  });

  test('a user-owned Service propagated by a PropagationPolicy is used as it is, with a warning', async () => {
    const s = await sim();
    s.sim.world.put('karmada', SERVICES, {
      metadata: { name: 'nginx', namespace: 'default', annotations: { 'propagationpolicy.karmada.io/name': 'nginx-svc' } },
      spec: { selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], clusterIP: '10.101.9.9' },
    });
    const before = svc(s)!.metadata.resourceVersion;
    const r = await cli(EXPOSE, s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('service/nginx unchanged\nmulticlusterservice.networking.karmada.io/nginx created\n');
    expect(r.stderr).toContain('Warning: service nginx is propagated by PropagationPolicy nginx-svc: the MultiClusterService takes it over');
    expect(r.stderr).toContain('service/nginx already exists and was not created by kubectl-karmada-mcs: it is used as it is');
    expect(svc(s)!.metadata.resourceVersion).toBe(before);
    expect(s.sim.api.requests.filter((q) => q.method === 'PATCH').map((q) => q.path)).toEqual(['/apis/networking.karmada.io/v1alpha1/namespaces/default/multiclusterservices/nginx']);
  });
});

test('one port number with two protocols makes two named Service ports', async () => {
  const s = await sim();
  s.sim.world.put('karmada', DEPLOYMENTS, {
    metadata: { name: 'dns', namespace: 'default', labels: { app: 'dns' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'dns' } }, template: { metadata: { labels: { app: 'dns' } }, spec: { containers: [{ name: 'c', image: 'coredns', ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns' }, { containerPort: 53, protocol: 'TCP', name: 'dns-tcp' }] }] } } },
  });
  const r = await cli(['expose', 'dns', '--provider', 'member1', '--consumer', 'member2'], s.env);
  expect(r.code).toBe(0);
  expect(svc(s, 'karmada', 'dns')!.spec.ports).toEqual([
    { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
  ]);
});

test('offline --dry-run=client needs no kubeconfig and kubectl apply accepts its output', async () => {
  const s = await sim();
  const offline = { PATH: process.env.PATH, HOME: s.dir, KUBECONFIG: `${s.dir}/missing` };
  // Selector values that YAML 1.1 (Kubernetes' Go YAML) would read as a number and a boolean if unquoted.
  const args = [...EXPOSE, '--port', '80', '--selector', 'app=nginx,version=1.0,canary=on', '--dry-run=client'];
  const yaml = await exec(PLUGIN, [...args, '-o', 'yaml'], { env: offline });
  expect(yaml.code).toBe(0);
  expect(yaml.stderr).toBe('');
  expect(yaml.stdout.split('\n---\n')).toHaveLength(2);
  const json = await exec(PLUGIN, [...args, '-o', 'json'], { env: offline });
  const list = JSON.parse(json.stdout);
  expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Service' }, { kind: 'MultiClusterService' }] });
  expect(s.sim.api.requests).toHaveLength(0);
  const applied = await kubectl(['apply', '--dry-run=client', '-f', '-'], s.env, yaml.stdout);
  expect(applied.stderr).toBe('');
  expect(applied.stdout).toBe('service/nginx created (dry run)\nmulticlusterservice.networking.karmada.io/nginx created (dry run)\n');
  const read = await kubectl(['apply', '--dry-run=client', '-f', '-', '-o', 'json'], s.env, yaml.stdout);
  expect(JSON.parse(read.stdout).items.map((o: any) => o.spec.selector ?? o.spec.types)).toEqual([{ app: 'nginx', version: '1.0', canary: 'on' }, ['CrossCluster']]);
  // The simulator serves no protobuf /openapi/v2, which kubectl's client-side schema check of a List needs.
  const appliedList = await kubectl(['apply', '--dry-run=client', '--validate=false', '-f', '-'], s.env, json.stdout);
  expect(appliedList.stdout).toBe('service/nginx created (dry run)\nmulticlusterservice.networking.karmada.io/nginx created (dry run)\n');
  expect(svc(s)).toBeUndefined();
});

test('--dry-run=server sends the writes with dryRun and stores nothing', async () => {
  const s = await sim();
  const r = await cli([...EXPOSE, '--dry-run=server'], s.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('service/nginx created (server dry run)\nmulticlusterservice.networking.karmada.io/nginx created (server dry run)\n');
  expect(s.sim.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(2);
  expect(svc(s)).toBeUndefined();
  expect(mcs(s)).toBeUndefined();
});

test('a host cluster that never answers delays the gate check by a few seconds at most, then is skipped', async () => {
  const s = await sim();
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const config = s.sim.kubeconfig() as any;
  config.clusters.find((c: any) => c.name === 'karmada-host').cluster.server = `https://127.0.0.1:${(silent.address() as any).port}`;
  writeFileSync(s.kubeconfig, yaml.dump(config));
  const started = Date.now();
  const r = await cli([...EXPOSE, '--dry-run=server'], s.env);
  silent.close();
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain('feature gate');
  expect(Date.now() - started).toBeLessThan(9000);
}, 20_000);

describe('unexpose', () => {
  test('deletes the MultiClusterService and the Service expose created; Karmada then removes the member copies', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    expect(svc(s, 'member2')).toBeDefined();
    const r = await cli(['unexpose', 'nginx'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('multiclusterservice.networking.karmada.io "nginx" deleted\nservice "nginx" deleted\n');
    s.sim.settle();
    expect(mcs(s)).toBeUndefined();
    expect(svc(s)).toBeUndefined();
    expect(svc(s, 'member1')).toBeUndefined();
    expect(svc(s, 'member2')).toBeUndefined();
  });

  test('--keep-service keeps the Service and names the member copies that remain', async () => {
    const s = await sim();
    await cli(EXPOSE, s.env);
    s.sim.settle();
    const r = await cli(['unexpose', 'nginx', '--keep-service'], s.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('multiclusterservice.networking.karmada.io "nginx" deleted\nservice/nginx kept (--keep-service)\n');
    expect(r.stderr).toContain('Warning: Karmada keeps the copies of service default/nginx in member1, member2 while the Service exists in the control plane');
    s.sim.settle();
    expect(svc(s)).toBeDefined();
    expect(svc(s, 'member2')).toBeDefined();
    expect(s.sim.world.list('member2', ENDPOINTSLICES, 'default').filter((e) => e.metadata.name.startsWith('member1-'))).toHaveLength(0);
  });

  test('a missing MultiClusterService is an error', async () => {
    const s = await sim();
    const r = await cli(['unexpose', 'nope'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: multiclusterservice "nope" not found in namespace "default" \(context "karmada-apiserver"\)\n/);
  });
});
